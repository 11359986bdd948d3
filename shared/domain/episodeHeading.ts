import type { Episode } from './types';

/** What names an episode on any list or page: 2025年第3期, its date, slot, theme and status. */
export type EpisodeHeading = Pick<Episode, 'id' | 'year' | 'number' | 'date' | 'slot' | 'theme' | 'status'>;

export function episodeHeading(episode: Episode): EpisodeHeading {
  const { id, year, number, date, slot, theme, status } = episode;
  return { id, year, number, date, slot, theme, status };
}
