import * as C from '../../../shared/protocol/commands';
import type { CatalogueView } from '../../../shared/protocol/events';
import type { CatalogueService } from '../../services/catalogueService';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';
import { CATALOGUE_ROOM } from '../rooms';
import type { AppServer } from '../types';

/** Units, people, accounts and display links: the admin's catalogue, and the read every screen starts with. */
export function catalogueCommands(io: AppServer, catalogue: CatalogueService, studio: StudioService): CommandDefinition[] {
  const changed = <T>(what: 'units' | 'people' | 'accounts', result: T): T => {
    io.to(CATALOGUE_ROOM).emit('catalogue:changed', { what });
    return result;
  };
  return [
    defineCommand('catalogue:get', C.CatalogueGet, (_input, { socket }): CatalogueView => ({
      units: catalogue.units(),
      people: catalogue.people(),
      episodes: studio.summaries(),
      accounts: socket.data.role === 'admin' ? catalogue.accounts() : [],
    })),
    defineCommand('unit:save', C.UnitSave, async (input, { meta }) => changed('units', await catalogue.saveUnit(input, meta))),
    defineCommand('person:save', C.PersonSave, async (input, { meta }) => changed('people', await catalogue.savePerson(input, meta))),
    defineCommand('account:create', C.AccountCreate, async (input, { meta }) => changed('accounts', await catalogue.createAccount(input, meta))),
    defineCommand('displayLink:create', C.DisplayLinkCreate, async (input, { meta }) => changed('accounts', await catalogue.createDisplayLink(input, meta))),
  ];
}
