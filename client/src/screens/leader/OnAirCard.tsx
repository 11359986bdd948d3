import { callerLabel } from '../../../../shared/domain/masking';
import type { Appeal, EpisodeStatus } from '../../../../shared/domain/types';
import { Elapsed } from './Elapsed';
import { LabelledText } from './LabelledText';
import { leaderStrings as t } from './strings';

/**
 * The call on air, in the largest type of the panel. Only the masked caller name is shown: the panel
 * never displays a phone number, masked or not.
 */
export function OnAirCard({ appeal, status, next }: { appeal: Appeal | null; status: EpisodeStatus; next: Appeal | null }) {
  if (!appeal) {
    return (
      <section className="lp-card lp-on-air lp-idle" aria-labelledby="lp-on-air-title" data-testid="leader-on-air">
        <h2 id="lp-on-air-title" className="lp-card-title">
          <span className="lp-dot" aria-hidden /> {t.onAirTitle}
        </h2>
        <div className="lp-card-body">
        {status === 'live' ? (
          <>
            <p className="lp-calm" data-testid="leader-nothing-on-air">{t.nothingOnAir}</p>
            <p className="lp-calm-hint">{t.nothingOnAirHint}</p>
          </>
        ) : (
          <p className="lp-calm" data-testid="leader-nothing-on-air">{t.notLive[status]}</p>
        )}
        {next && (
          <p className="lp-next-up">
            <span className="lp-next-up-label">{t.nextUp}</span>
            <span className="lp-no">{t.callNo(next.no)}</span> {callerLabel(next.caller)}
            {next.area && ` · ${next.area}`} · {next.summary}
          </p>
        )}
        </div>
      </section>
    );
  }
  return (
    <section className="lp-card lp-on-air lp-active" aria-labelledby="lp-on-air-title" aria-live="polite" data-testid="leader-on-air">
      <h2 id="lp-on-air-title" className="lp-card-title">
        <span className="lp-dot" aria-hidden /> {t.onAirTitle}
        {appeal.onAirAt && (
          <span className="lp-on-air-for">
            {t.onAirFor} <Elapsed since={appeal.onAirAt} />
          </span>
        )}
      </h2>
      <div className="lp-card-body">
      <div className="lp-caller">
        <span className="lp-no lp-no-big">{t.callNo(appeal.no)}</span>
        <span className="lp-caller-name" data-testid="leader-caller">{callerLabel(appeal.caller)}</span>
      </div>
      <dl className="lp-tags">
        {appeal.area && (
          <div>
            <dt>{t.area}</dt>
            <dd>{appeal.area}</dd>
          </div>
        )}
        {appeal.category && (
          <div>
            <dt>{t.category}</dt>
            <dd>{appeal.category}</dd>
          </div>
        )}
        <div>
          <dt>{t.channel}</dt>
          <dd>{t.channels[appeal.channel]}</dd>
        </div>
      </dl>
      <p className="lp-summary" data-testid="leader-summary">{appeal.summary}</p>
      <LabelledText className="lp-notes" labelClassName="lp-notes-label" label={t.operatorNotes} text={appeal.operatorNotes} />
      </div>
    </section>
  );
}
