import type { ReportsService } from '../../services/reportsService';
import type { StudioService } from '../../services/studioService';
import { defineCommand, type CommandDefinition } from '../command';

/** 民生热点 and 政策问答, and the reports the centre publishes. */
export function reportCommands(studio: StudioService, reports: ReportsService): CommandDefinition[] {
  return [
    defineCommand('publication:draft', (input, { meta }) => studio.draftPublication(input, meta)),
    defineCommand('publication:edit', (input, { meta }) => studio.editPublication(input, meta)),
    defineCommand('publication:publish', (input, { meta }) => studio.publishPublication(input, meta)),
    defineCommand('publication:withdraw', (input, { meta }) => studio.withdrawPublication(input, meta)),
    defineCommand('reports:summary', async (input) => {
      await reports.prepare();
      return reports.summary({ from: input.from, to: input.to }, input.satisfaction);
    }),
    defineCommand('reports:annual', async (input) => {
      await reports.prepare();
      return reports.annual(input.year, input.satisfaction);
    }),
  ];
}
