import { ERROR_DETAILS, refuse } from '../../../shared/domain/errors';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';
import { budgetOf } from '../connectionBudget';
import { syncReply } from '../snapshotCache';
import { episodeRoom } from '../rooms';
import type { AppSocket } from '../types';


/** Planning, going live, ending, and the catch-up a (re)connecting client asks for. */
export function episodeCommands(studio: StudioService): CommandDefinition[] {
  return [
    defineCommand('episode:plan', (input, { meta }) => studio.plan(input, meta)),
    defineCommand('episode:update', (input, { meta }) => studio.update(input, meta)),
    defineCommand('episode:start', (input, { meta }) => studio.start(input, meta)),
    defineCommand('episode:end', (input, { meta }) => studio.end(input, meta)),
    defineCommand('feedback:putOnAir', (input, { meta }) => studio.putFeedbackOnAir(input, meta)),
    defineCommand('feedback:takeOffAir', (input, { meta }) => studio.takeFeedbackOffAir(input, meta)),
    defineCommand('wall:setHidden', (input, { meta }) => studio.setWallHidden(input, meta)),
    defineCommand('episode:sync', async (input, { socket, audience }) => {
      // A client that syncs in a loop would make the server copy and send the episode in a loop;
      // and one that has not taken the last answer yet gains nothing from another copy behind it.
      // Only a socket has a connection budget; an API caller (no connection) is throttled by its key instead.
      const budget = budgetOf(socket as AppSocket);
      const waitMs = budget?.takeSyncToken() ?? 0;
      if (waitMs > 0) throw refuse('SYNC_TOO_FREQUENT', ERROR_DETAILS.syncWait(Math.ceil(waitMs / 1000)));
      if (budget?.backlogged()) throw refuse('SYNC_TOO_FREQUENT', ERROR_DETAILS.syncStillSending);
      // A socket gone while its sync waited must not be left in the room (nothing would ever remove it).
      const result = await studio.sync(input, () => void (socket.connected && socket.join(episodeRoom(input.episodeId, audience))));
      if (result.mode === 'snapshot') {
        // Copying a large episode and encoding it are long steps: let waiting commands (an
        // operator's ack) run between them instead of behind both.
        await new Promise((resolve) => setImmediate(resolve));
        // Requests answered together share one snapshot, but one socket gets one copy at a time.
        if (budget?.backlogged()) throw refuse('SYNC_TOO_FREQUENT', ERROR_DETAILS.syncStillSending);
      }
      return syncReply(audience, result);
    }),
  ];
}
