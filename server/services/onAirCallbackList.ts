import { episodeHeading } from '../../shared/domain/episodeHeading';
import type { EpisodeEvent, EpisodeState } from '../../shared/domain/episodeState';
import { answeredAt, awaitsOnAirCallback, isAnsweredOnAir, ON_AIR_CALLBACK_LIST_CAP, selectOnAirCallbacks, type OnAirCandidate } from '../../shared/domain/onAirCallbacks';
import { latestRating } from '../../shared/domain/satisfaction';
import type { Appeal } from '../../shared/domain/types';
import type * as C from '../../shared/protocol/commands';
import type { EpisodeSummary, OnAirCallbackListResult, OnAirCallbackRow } from '../../shared/protocol/views';
import type { StudioService } from './studioService';

/**
 * Where the appeals answered on air are (appealId → episodeId), so the desk's 现场回应回访 list
 * (`appeal:callBackList`) reads a few thousand appeals a year, not every appeal of every episode.
 * Built on first use, like the studio's AppealIndex, and kept by the committed events from then on.
 * The index may hold an appeal that is no longer answered on air (never, by today's rules); every
 * read takes the appeal as the episode's state holds it now and asks the shared rule again.
 */
export class OnAirCallbackList {
  private index: Map<string, string> | null = null;

  constructor(private readonly studio: StudioService) {
    studio.on('committed', (events) => this.onCommitted(events));
    studio.on('adopted', (state) => this.index && this.indexEpisode(this.index, state));
  }

  private onCommitted(events: EpisodeEvent[]): void {
    if (!this.index) return;
    for (const event of events) if (event.appeal && isAnsweredOnAir(event.appeal)) this.index.set(event.appeal.id, event.episodeId);
  }

  private indexEpisode(index: Map<string, string>, state: EpisodeState): void {
    for (const appeal of Object.values(state.appeals)) if (isAnsweredOnAir(appeal)) index.set(appeal.id, appeal.episodeId);
  }

  private built(): Map<string, string> {
    if (!this.index) {
      const index = new Map<string, string>();
      for (const summary of this.studio.summaries()) this.indexEpisode(index, this.studio.state(summary.id));
      this.index = index;
    }
    return this.index;
  }

  private *candidates(episodeId: string | undefined): Generator<OnAirCandidate & { state: EpisodeState }> {
    for (const [appealId, inEpisode] of this.built()) {
      if (episodeId !== undefined && inEpisode !== episodeId) continue;
      if (!this.studio.has(inEpisode)) continue;
      const state = this.studio.state(inEpisode);
      const appeal = state.appeals[appealId];
      if (appeal) yield { episode: state.episode, appeal, state };
    }
  }

  /** The desk's list: the shared selection rule over the indexed appeals, each row with its episode's heading. */
  list(input: C.AppealCallBackListInput): OnAirCallbackListResult {
    const selection = selectOnAirCallbacks(this.candidates(input.episodeId), input, ON_AIR_CALLBACK_LIST_CAP);
    const headings = new Map<string, EpisodeSummary>();
    const headingOf = (state: EpisodeState): EpisodeSummary => {
      let heading = headings.get(state.episode.id);
      if (!heading) {
        const { episode } = state;
        heading = { ...episodeHeading(episode), unitIds: episode.unitIds, leaderNames: episode.leaders.map((l) => l.name) };
        headings.set(episode.id, heading);
      }
      return heading;
    };
    const items = selection.rows.map(({ state, appeal }) => row(headingOf(state), appeal));
    return { items, total: selection.total, answered: selection.answered, awaiting: selection.awaiting, cap: ON_AIR_CALLBACK_LIST_CAP };
  }
}

function row(episode: EpisodeSummary, appeal: Appeal): OnAirCallbackRow {
  return { episode, appeal, answeredAt: answeredAt(appeal), awaiting: awaitsOnAirCallback(appeal), rating: latestRating(appeal.onAirCallbacks) };
}
