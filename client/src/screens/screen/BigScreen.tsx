import { appealOnAir, countAppeals, queuedAppeals, type EpisodeState } from '../../../../shared/domain/episodeState';
import type { Unit } from '../../../../shared/domain/types';
import { pickStudioEpisode, useCatalogue } from '../../api/useCatalogue';
import { useEpisode } from '../../api/useEpisode';
import { useNow } from '../../api/useNow';
import type { ScreenProps } from '../../screenProps';
import { formatClock, formatElapsed, formatLongDate } from '../../ui/format';
import { FeedbackCard, OnAirCard } from './OnAirCard';
import { screenStrings as t } from './strings';
import './bigScreen.css';

const NEXT_SHOWN = 3;

/**
 * The studio big screen: read-only, legible across the room, no mouse. While the connection is down
 * it shows no call at all rather than one that may have left the air.
 */
export default function BigScreen({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const episodeId = pickStudioEpisode(catalogue);
  const { state } = useEpisode(socket, episodeId);
  const now = useNow();
  const online = connection === 'connected';
  const units = Object.fromEntries((catalogue?.units ?? []).map((u) => [u.id, u]));

  return (
    <div className="big-screen" data-testid="big-screen">
      {!online && (
        <div className="banner" role="alert" data-testid="screen-offline">
          {connection === 'tooSlow' ? t.tooSlow : t.disconnected}
        </div>
      )}
      <header className="top">
        <div className="title">
          <span className="programme">{t.programme}</span>
          {state && (
            <>
              <span className="episode">{t.episode(state.episode.year, state.episode.number)}</span>
              <span className="theme">{state.episode.theme}</span>
            </>
          )}
        </div>
        <div className="time">
          <div className="clock" data-testid="clock">{formatClock(now)}</div>
          <div className="date">{formatLongDate(now)}</div>
          {state?.episode.status === 'live' && state.episode.startedAt && (
            <div className="elapsed" role="timer">
              {t.elapsed} {formatElapsed(now.getTime() - Date.parse(state.episode.startedAt))}
            </div>
          )}
        </div>
      </header>
      {!episodeId && catalogue ? <div className="empty">{t.noEpisode}</div> : <Body state={online ? state : null} units={units} now={now} />}
    </div>
  );
}

function Body({ state, units, now }: { state: EpisodeState | null; units: Record<string, Unit>; now: Date }) {
  if (!state) return <div className="empty">{t.resyncing}</div>;
  const onAir = appealOnAir(state);
  const next = queuedAppeals(state).slice(0, NEXT_SHOWN);
  const counters = countAppeals(state);
  const report = state.episode.feedbackOnAir;
  return (
    <>
      <section className="stage">
        {report ? <FeedbackCard report={report} unitName={units[report.unitId]?.name ?? ''} /> : <OnAirCard state={state} onAir={onAir} now={now} />}
        <aside className="side">
          <section className="guests">
            <h3>{t.leadersOnAir}</h3>
            {state.episode.leaders.map((leader) => (
              <div className="guest" key={leader.personId}>
                <div className="guest-name">
                  {leader.name} <span>{leader.title}</span>
                </div>
                <div className="guest-unit">{units[leader.unitId]?.name ?? ''}</div>
              </div>
            ))}
            {state.episode.leaders.length === 0 && state.episode.unitIds.map((id) => <div className="guest-unit" key={id}>{units[id]?.name}</div>)}
          </section>
          <section className="next" data-testid="screen-next">
            <h3>{t.next}</h3>
            {next.length === 0 && <p className="muted-line">{t.queueEmpty}</p>}
            {next.map((appeal) => (
              <div className="next-item" key={appeal.id}>
                <span className="next-no">{appeal.no}</span>
                <div>
                  <div className="next-who">
                    {appeal.caller.name} · {appeal.area || t.channels[appeal.channel]}
                  </div>
                  <div className="next-summary">{appeal.summary}</div>
                </div>
              </div>
            ))}
          </section>
        </aside>
      </section>
      <footer className="counters" data-testid="screen-counters">
        {(['received', 'answeredOnAir', 'supervised'] as const).map((key) => (
          <div key={key} className={`counter ${key}`}>
            <span className="label">{t.counters[key]}</span>
            <span className="value" data-testid={`screen-count-${key}`}>{counters[key]}</span>
          </div>
        ))}
      </footer>
    </>
  );
}
