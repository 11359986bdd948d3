import { refuse } from '../../../shared/domain/errors';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';

/** The appeal life cycle in the studio, and the on-air queue. */
export function appealCommands(studio: StudioService): CommandDefinition[] {
  return [
    defineCommand('appeal:create', (input, { meta }) => studio.createAppeal(input, meta)),
    defineCommand('appeal:update', (input, { meta }) => studio.updateAppeal(input, meta)),
    defineCommand('appeal:screen', (input, { meta }) => studio.screenAppeal(input, meta)),
    defineCommand('appeal:putOnAir', (input, { meta }) => studio.putOnAir(input, meta)),
    defineCommand('appeal:answerOnAir', (input, { meta }) => studio.answerOnAir(input, meta)),
    defineCommand('appeal:handOver', (input, { meta }) => studio.handOverToSupervision(input, meta)),
    defineCommand('appeal:markInvalid', (input, { meta }) => studio.markInvalid(input, meta)),
    defineCommand('appeal:history', (input, { audience }) => {
      // The leader panel may ask about the call it shows, never probe a number it was not given.
      if (audience === 'masked' && (input.phone !== undefined || input.appealId === undefined)) throw refuse('FORBIDDEN');
      return studio.history(input);
    }),
    defineCommand('queue:reorder', (input, { meta }) => studio.reorderQueue(input, meta)),
  ];
}
