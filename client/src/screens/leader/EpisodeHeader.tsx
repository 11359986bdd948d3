import { countAppeals, type EpisodeState } from '../../../../shared/domain/episodeState';
import type { Unit } from '../../../../shared/domain/types';
import { Elapsed } from './Elapsed';
import { SlotCountdown } from './SlotCountdown';
import { leaderStrings as t } from './strings';

const COUNTERS = ['received', 'answeredOnAir', 'supervised'] as const;

/** 2025年第N期, theme, units and leaders on air, status and the live counters. */
export function EpisodeHeader({ state, units }: { state: EpisodeState; units: Record<string, Unit> }) {
  const { episode } = state;
  const counters = countAppeals(state);
  return (
    <header className="lp-header" data-testid="leader-episode">
      <div className="lp-episode">
        <div className="lp-episode-line">
          <span className="lp-episode-no">{t.episode(episode.year, episode.number)}</span>
          <span className={`lp-status lp-status-${episode.status}`} data-testid="leader-episode-status">
            {t.status[episode.status]}
          </span>
          {episode.status === 'live' && <SlotCountdown episode={episode} />}
          {episode.status === 'live' && episode.startedAt && (
            <span className="lp-live-for">
              {t.liveFor} <Elapsed since={episode.startedAt} />
            </span>
          )}
          <span className="lp-theme">{episode.theme}</span>
        </div>
        <div className="lp-guests">
          <span className="lp-guests-label">{t.units}</span>
          <span>{episode.unitIds.map((id) => units[id]?.name).filter(Boolean).join(t.listSep)}</span>
          {episode.leaders.length > 0 && (
            <>
              <span className="lp-guests-label">{t.leaders}</span>
              <span>{episode.leaders.map((l) => t.leaderWithTitle(l.name, l.title)).join(t.listSep)}</span>
            </>
          )}
          <span className="lp-date">
            {t.episodeDate(episode.date)} {t.slot(episode.slot.start, episode.slot.end)}
          </span>
        </div>
      </div>
      <dl className="lp-counters" aria-label={t.countersLabel} data-testid="leader-counters">
        {COUNTERS.map((key) => (
          <div key={key} className={`lp-counter lp-counter-${key}`}>
            <dt>{t.counters[key]}</dt>
            <dd data-testid={`leader-count-${key}`}>{counters[key]}</dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
