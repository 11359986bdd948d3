import * as C from '../../../shared/protocol/commands';
import type { CatalogueView } from '../../../shared/protocol/events';
import type { CatalogueService } from '../../services/catalogueService';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';
import { endSessionSockets } from '../attachRealtime';
import { CATALOGUE_ROOM } from '../rooms';
import type { AppServer } from '../types';

/** Units, people, accounts and display links: the admin's catalogue, and the read every screen starts with. */
export function catalogueCommands(io: AppServer, catalogue: CatalogueService, studio: StudioService): CommandDefinition[] {
  const changed = <T>(what: 'units' | 'people' | 'accounts' | 'displayLinks' | 'calendar', result: T): T => {
    io.to(CATALOGUE_ROOM).emit('catalogue:changed', { what });
    return result;
  };
  return [
    defineCommand('catalogue:get', C.CatalogueGet, (_input, { socket }): CatalogueView => ({
      units: catalogue.units(),
      people: catalogue.people(),
      episodes: studio.summaries(),
      accounts: socket.data.role === 'admin' ? catalogue.accounts() : [],
      displayLinks: socket.data.role === 'admin' ? catalogue.displayLinks() : [],
      calendarOverrides: catalogue.calendarOverrides(),
    })),
    defineCommand('calendar:setDay', C.CalendarSetDay, async (input, { meta }) => changed('calendar', await catalogue.setCalendarDay(input, meta))),
    defineCommand('unit:save', C.UnitSave, async (input, { meta }) => changed('units', await catalogue.saveUnit(input, meta))),
    defineCommand('person:save', C.PersonSave, async (input, { meta }) => changed('people', await catalogue.savePerson(input, meta))),
    defineCommand('account:create', C.AccountCreate, async (input, { meta }) => changed('accounts', await catalogue.createAccount(input, meta))),
    defineCommand('account:setDisabled', C.AccountSetDisabled, async (input, { meta }) => {
      // Sessions are read before the change removes them; sockets end only if the account is disabled now.
      const sessions = catalogue.sessionIdsOf({ accountId: input.accountId });
      const result = await catalogue.setAccountDisabled(input, meta);
      if (result.account.disabled && catalogue.findAccount(input.accountId)?.disabled) for (const id of sessions) endSessionSockets(io, id, '该账号已被停用。');
      return changed('accounts', result);
    }),
    defineCommand('displayLink:revoke', C.DisplayLinkRevoke, async (input, { meta }) => {
      const sessions = catalogue.sessionIdsOf({ displayLinkId: input.displayLinkId });
      const result = await catalogue.revokeDisplayLink(input, meta);
      for (const id of sessions) endSessionSockets(io, id, '大屏链接已停用。');
      return changed('displayLinks', result);
    }),
    defineCommand('displayLink:create', C.DisplayLinkCreate, async (input, { meta }) => changed('accounts', await catalogue.createDisplayLink(input, meta))),
  ];
}
