import { SESSION_END_REASONS } from '../../../shared/domain/errors';
import type { CatalogueView } from '../../../shared/protocol/events';
import type { CatalogueService } from '../../services/catalogueService';
import type { SessionService } from '../../services/sessionService';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';
import { endSessionSockets } from '../sessionSockets';
import { CATALOGUE_ROOM } from '../rooms';
import type { AppServer } from '../types';

/** Units, people, accounts and display links: the admin's catalogue, and the read every screen starts with. */
export function catalogueCommands(io: AppServer, catalogue: CatalogueService, sessions: SessionService, studio: StudioService): CommandDefinition[] {
  const changed = <T>(what: 'units' | 'people' | 'accounts' | 'displayLinks' | 'calendar' | 'categories', result: T): T => {
    io.to(CATALOGUE_ROOM).emit('catalogue:changed', { what });
    return result;
  };
  return [
    defineCommand('catalogue:get', (_input, { socket }): CatalogueView => ({
      units: catalogue.units(),
      people: catalogue.people(),
      episodes: studio.summaries(),
      accounts: socket.data.role === 'admin' ? catalogue.accounts() : [],
      displayLinks: socket.data.role === 'admin' ? catalogue.displayLinks() : [],
      calendarOverrides: catalogue.calendarOverrides(),
      calendarYears: catalogue.calendarYears(),
      // The category list is for every screen; caller flags are never part of the catalogue view (callerFlag:list).
      categories: catalogue.categories(),
    })),
    defineCommand('category:save', async (input, { meta }) => changed('categories', await catalogue.saveCategory(input, meta))),
    // Flags go back only to whoever asked (operator, follow-up, admin): no broadcast, so no masked socket ever hears of them.
    defineCommand('callerFlag:list', (input) => catalogue.callerFlags(input)),
    defineCommand('callerFlag:set', (input, { meta }) => catalogue.setCallerFlag(input, meta)),
    defineCommand('callerFlag:clear', (input, { meta }) => catalogue.clearCallerFlag(input, meta)),
    defineCommand('calendar:setDay', async (input, { meta }) => changed('calendar', await catalogue.setCalendarDay(input, meta))),
    defineCommand('calendar:importYear', async (input, { meta }) => changed('calendar', await catalogue.importCalendarYear(input, meta))),
    defineCommand('unit:save', async (input, { meta }) => changed('units', await catalogue.saveUnit(input, meta))),
    defineCommand('person:save', async (input, { meta }) => changed('people', await catalogue.savePerson(input, meta))),
    defineCommand('account:create', async (input, { meta }) => changed('accounts', await catalogue.createAccount(input, meta))),
    defineCommand('account:setDisabled', async (input, { meta }) => {
      const result = await catalogue.setAccountDisabled(input, meta);
      // Once the change is durable its sessions end, in both directions: a disabled account's logins
      // end for good, and enabling it again must not bring back an old cookie that survived.
      const ended = await sessions.endSessionsOf({ accountId: input.accountId });
      if (result.account.disabled && catalogue.findAccount(input.accountId)?.disabled) for (const id of ended) endSessionSockets(io, id, SESSION_END_REASONS.accountDisabled);
      return changed('accounts', result);
    }),
    defineCommand('displayLink:revoke', async (input, { meta }) => {
      const result = await catalogue.revokeDisplayLink(input, meta);
      // The link's sessions and those of its screen account (disabled with it).
      const link = catalogue.data.displayLinks[input.displayLinkId];
      const ended = [...(await sessions.endSessionsOf({ displayLinkId: input.displayLinkId })), ...(link ? await sessions.endSessionsOf({ accountId: link.accountId }) : [])];
      for (const id of ended) endSessionSockets(io, id, SESSION_END_REASONS.displayLinkRevoked);
      return changed('displayLinks', result);
    }),
    defineCommand('displayLink:create', async (input, { meta }) => changed('accounts', await catalogue.createDisplayLink(input, meta))),
  ];
}
