import type { ReactNode } from 'react';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import type { Appeal } from '../../../../shared/domain/types';
import type { OnAirCallbackRow } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { OnAirCallbackForm } from './OnAirCallbackForm';
import { RatingBadge } from './parts';
import { followupStrings as t } from './strings';
import { callerText } from './supervisionView';

const w = t.onAir;

/**
 * One appeal answered on air, as the desk calls the citizen back: the matter, the episode and the
 * leader who answered, what was said on air, the caller's number, the calls made so far and the form.
 */
export function OnAirDetail(props: {
  row: OnAirCallbackRow;
  socket: StudioSocket | null;
  offline: boolean;
  unitName: (id: string) => string;
  onDone: (appeal: Appeal) => void;
  onConflict: (fresh: Appeal | null) => void;
  onClose: () => void;
}) {
  const { row, unitName } = props;
  const { appeal, episode } = row;
  const callbacks = appeal.onAirCallbacks ?? [];
  return (
    <article className="sv-detail" aria-labelledby="onair-detail-title" data-testid="onair-detail" data-appeal-id={appeal.id}>
      <div className="sv-detail-top">
        <header className="sv-detail-head">
          <h2 id="onair-detail-title">{t.itemNoLong(episode.year, episode.number, appeal.no)}</h2>
          {row.awaiting ? <span className="sv-status replied">{w.awaiting}</span> : <RatingBadge rating={row.rating} />}
          <button type="button" className="sv-x sv-detail-close" aria-label={t.closeDetail} title={t.closeDetail} onClick={props.onClose}>
            ×
          </button>
        </header>
      </div>
      <p className="sv-detail-summary">{appeal.summary}</p>
      <dl className="sv-facts">
        <Fact label={t.fields.caller} testId="onair-detail-caller">{callerText(appeal.caller)}</Fact>
        <Fact label={t.fields.areaCategory}>{[appeal.area, appeal.category].filter(Boolean).join(t.dot) || t.none}</Fact>
        <Fact label={t.fields.channelReceived}>{`${t.channels[appeal.channel]}${t.dot}${t.moment(appeal.receivedAt)}`}</Fact>
        <Fact label={t.filterEpisode}>{`${t.longDate(episode.date)}${t.dot}${episode.theme}`}</Fact>
        <Fact label={w.units}>{episode.unitIds.map(unitName).join('、') || t.none}</Fact>
        <Fact label={w.leaders}>{episode.leaderNames.join('、') || t.none}</Fact>
        <Fact label={w.answeredAt}>{t.moment(row.answeredAt)}</Fact>
        <Fact label={t.fields.rating} testId="onair-detail-rating"><RatingBadge rating={row.rating} /></Fact>
      </dl>
      {appeal.answer && (appeal.answer.points || appeal.answer.commitment) && (
        <div className="sv-live-answer">
          {appeal.answer.points && <p>{t.labelled(t.liveAnswer, appeal.answer.points)}</p>}
          {appeal.answer.commitment && <p>{t.labelled(t.liveCommitment, appeal.answer.commitment)}</p>}
        </div>
      )}

      <OnAirCallbackForm key={appeal.id} socket={props.socket} appeal={appeal} awaiting={row.awaiting} offline={props.offline} onDone={props.onDone} onConflict={props.onConflict} />

      <section aria-labelledby="onair-callbacks-title" data-testid="onair-callbacks" className="onair-callbacks">
        <h3 id="onair-callbacks-title">{t.callbacksTitle}</h3>
        {callbacks.length === 0 ? (
          <p className="sv-dim">{t.callbacksNone}</p>
        ) : (
          <ol className="sv-records-list">
            {callbacks.map((callback, i) => (
              <li key={i}>
                <div className="sv-record-head">
                  <time>{t.moment(callback.at)}</time>
                  <span>{callback.by}</span>
                  {callback.rating ? <span className={`sv-rating ${callback.rating}`}>{RATING_NAMES[callback.rating]}</span> : <span className="sv-tag">{t.outcomes.unreachable}</span>}
                </div>
                {callback.note && <p>{callback.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
