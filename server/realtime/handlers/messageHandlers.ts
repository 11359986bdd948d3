import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';

/** Operator → leader panel notes and their read receipts. */
export function messageCommands(studio: StudioService): CommandDefinition[] {
  return [
    defineCommand('message:send', (input, { meta }) => studio.sendMessage(input, meta)),
    defineCommand('message:markRead', (input, { meta }) => studio.markMessageRead(input, meta)),
  ];
}
