import type { EpisodeState } from '../../../../shared/domain/episodeState';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import type { Appeal, FeedbackReport } from '../../../../shared/domain/types';
import { formatElapsed } from '../../ui/format';
import { FitText } from './FitText';
import { screenStrings as t } from './strings';

/**
 * The call on air. Only the call itself (caller, tags and summary, or the waiting line) is a live
 * region: the on-air duration ticks every second and stays outside it (a timer, never announced),
 * so a screen reader in the studio hears a change of call, not the clock.
 */
export function OnAirCard({ state, onAir, now }: { state: EpisodeState; onAir: Appeal | null; now: Date }) {
  return (
    <article className={`on-air ${onAir ? 'active' : ''}`} data-testid="screen-on-air">
      <h2>
        <span className="dot" aria-hidden /> {t.onAir}
        {onAir?.onAirAt && (
          <span className="duration" role="timer">
            {formatElapsed(now.getTime() - Date.parse(onAir.onAirAt))}
          </span>
        )}
      </h2>
      <div className="call" aria-live="polite" aria-atomic="true" data-testid="screen-live">
        {onAir ? (
          <>
            <div className="caller">
              <span className="no">{t.callNo(onAir.no)}</span>
              <span className="name">{onAir.caller.name}</span>
              {onAir.caller.phone && <span className="phone" data-testid="screen-phone">{onAir.caller.phone}</span>}
            </div>
            <div className="tags">
              {onAir.area && <span>{onAir.area}</span>}
              {onAir.category && <span>{onAir.category}</span>}
              <span>{t.channels[onAir.channel]}</span>
            </div>
            <FitText className="summary" text={onAir.summary} />
          </>
        ) : (
          <p className="waiting">{state.episode.status === 'live' ? t.nothingOnAir : t.notLive[state.episode.status]}</p>
        )}
      </div>
    </article>
  );
}

/**
 * A feedback episode's follow-up report: what happened to an appeal from an earlier episode. Nothing
 * in it ticks, so the whole card is the live region: a new report is announced once.
 */
export function FeedbackCard({ report, unitName }: { report: FeedbackReport; unitName: string }) {
  return (
    <article className="on-air active feedback-report" data-testid="screen-feedback" aria-live="polite">
      <h2>
        <span className="dot" aria-hidden /> {t.feedback.heading}
        <span className="duration">{t.feedback.status[report.status]}</span>
      </h2>
      <div className="caller">
        <span className="no">{t.feedback.source(report.sourceEpisode.year, report.sourceEpisode.number, report.no)}</span>
        <span className="name">{report.callerName}</span>
      </div>
      <p className="clamp summary small">{report.summary}</p>
      <dl className="report">
        <div>
          <dt>{t.feedback.unit}</dt>
          <dd className="one-line">{unitName}</dd>
        </div>
        <div className="reply">
          <dt>{t.feedback.reply}</dt>
          <dd>
            <FitText className="reply-text" text={report.reply ?? t.feedback.noReply} />
          </dd>
        </div>
        {report.rating && (
          <div>
            <dt>{t.feedback.rating}</dt>
            <dd className={`one-line rating ${report.rating}`}>{RATING_NAMES[report.rating]}</dd>
          </div>
        )}
      </dl>
    </article>
  );
}
