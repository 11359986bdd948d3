import { appealOnAir, countAppeals, queuedAppeals, type EpisodeState } from '../../../../shared/domain/episodeState';
import type { Unit } from '../../../../shared/domain/types';
import { isWallHidden } from '../../../../shared/domain/wallRules';
import type { ScreenProps } from '../../screenProps';
import { formatClock, formatElapsed, formatLongDate } from '../../ui/format';
import { FeedbackCard, OnAirCard } from './OnAirCard';
import { MessageQr } from './MessageQr';
import { screenStrings as t } from './strings';
import './bigScreen.css';

const NEXT_SHOWN = 3;
/** A longer theme is set smaller, on up to two lines (then an ellipsis): the header keeps its height. */
const THEME_ONE_LINE = 30;

/**
 * What the wall draws for a state. The studio page draws it full screen; the operator console's
 * 大屏预览 draws the same component, in a 1920×1080 frame, for the state the wall will have.
 */
export function Wall({ state, units, now, connection, noEpisode }: { state: EpisodeState | null; units: Record<string, Unit>; now: Date; connection: ScreenProps['connection']; noEpisode: boolean }) {
  const online = connection === 'connected';
  return (
    <div className="big-screen" data-testid="big-screen">
      {/* An outdated tab is covered by the shell's reload notice: no "reconnecting" promise under it. */}
      {!online && connection !== 'outdated' && (
        <div className="banner" role="alert" data-testid="screen-offline">
          {connection === 'tooSlow' ? t.tooSlow : t.disconnected}
        </div>
      )}
      <header className="top">
        <div className="title">
          <div className="title-row">
            <span className="programme">{t.programme}</span>
            {state && <span className="episode">{t.episode(state.episode.year, state.episode.number)}</span>}
          </div>
          {state && <div className={`theme ${Array.from(state.episode.theme).length > THEME_ONE_LINE ? 'long' : ''}`}>{state.episode.theme}</div>}
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
      {noEpisode ? <div className="empty">{t.noEpisode}</div> : <Body state={online ? state : null} units={units} now={now} />}
    </div>
  );
}

function Body({ state, units, now }: { state: EpisodeState | null; units: Record<string, Unit>; now: Date }) {
  if (!state) return <div className="empty">{t.resyncing}</div>;
  const counters = countAppeals(state);
  return (
    <>
      {/* The producer hid the wall (wallRules.ts): a neutral panel stands in for the call, the report and the next calls. */}
      {isWallHidden(state) ? <Standby /> : <Stage state={state} units={units} now={now} />}
      <footer className="bottom">
        <section className="guests" data-testid="screen-guests">
          <h3>{t.leadersOnAir}</h3>
          <p className="guest-list">
            {state.episode.leaders.map((leader) => (
              <span className="guest" key={leader.personId}>
                <span className="guest-name">{leader.name}</span> {leader.title}
                {units[leader.unitId] && <span className="guest-unit">（{units[leader.unitId].name}）</span>}
              </span>
            ))}
            {state.episode.leaders.length === 0 &&
              state.episode.unitIds.map((id) => (
                <span className="guest guest-unit" key={id}>
                  {units[id]?.name}
                </span>
              ))}
          </p>
        </section>
        <div className="counters" data-testid="screen-counters">
          {(['received', 'answeredOnAir', 'supervised'] as const).map((key) => (
            <div key={key} className={`counter ${key}`}>
              <span className="label">{t.counters[key]}</span>
              <span className="value" data-testid={`screen-count-${key}`}>{counters[key]}</span>
            </div>
          ))}
        </div>
        <MessageQr state={state} />
      </footer>
    </>
  );
}

/** The call on air (or the follow-up report) and the next calls beside it. */
function Stage({ state, units, now }: { state: EpisodeState; units: Record<string, Unit>; now: Date }) {
  const onAir = appealOnAir(state);
  const next = queuedAppeals(state).slice(0, NEXT_SHOWN);
  const report = state.episode.feedbackOnAir;
  return (
    <section className="stage">
      {report ? <FeedbackCard report={report} unitName={units[report.unitId]?.name ?? ''} /> : <OnAirCard state={state} onAir={onAir} now={now} />}
      <section className="next" data-testid="screen-next">
        <h3>{t.next}</h3>
        {next.length === 0 && <p className="muted-line">{t.queueEmpty}</p>}
        {next.map((appeal) => (
          <div className="next-item" key={appeal.id}>
            <span className="next-no">{appeal.no}</span>
            <div className="next-body">
              <div className="next-who">
                {appeal.caller.name} · {appeal.area || t.channels[appeal.channel]}
              </div>
              <div className="next-summary">{appeal.summary}</div>
            </div>
          </div>
        ))}
      </section>
    </section>
  );
}

/** While the producer keeps the wall hidden: the programme's name and a neutral line, nothing of any caller. */
function Standby() {
  return (
    <section className="stage standby" data-testid="screen-standby">
      <div className="standby-panel" role="status">
        <span className="standby-programme">{t.programme}</span>
        <p className="standby-line">{t.standby}</p>
      </div>
    </section>
  );
}
