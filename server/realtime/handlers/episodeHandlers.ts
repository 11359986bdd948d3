import * as C from '../../../shared/protocol/commands';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';
import { projectSync } from '../projection';
import { episodeRoom } from '../rooms';

/** Planning, going live, ending, and the catch-up a (re)connecting client asks for. */
export function episodeCommands(studio: StudioService): CommandDefinition[] {
  return [
    defineCommand('episode:plan', C.EpisodePlan, (input, { meta }) => studio.plan(input, meta)),
    defineCommand('episode:update', C.EpisodeUpdate, (input, { meta }) => studio.update(input, meta)),
    defineCommand('episode:start', C.EpisodeTransition, (input, { meta }) => studio.start(input, meta)),
    defineCommand('episode:end', C.EpisodeTransition, (input, { meta }) => studio.end(input, meta)),
    defineCommand('feedback:putOnAir', C.FeedbackPutOnAir, (input, { meta }) => studio.putFeedbackOnAir(input, meta)),
    defineCommand('feedback:takeOffAir', C.FeedbackTakeOffAir, (input, { meta }) => studio.takeFeedbackOffAir(input, meta)),
    defineCommand('episode:sync', C.EpisodeSync, async (input, { socket, audience }) => {
      const result = await studio.sync(input, () => void socket.join(episodeRoom(input.episodeId, audience)));
      return projectSync(audience, result);
    }),
  ];
}
