import type { ReactNode } from 'react';
import type { EpisodeEvent } from '../../../../shared/domain/episodeState';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import type { ExtensionRequest } from '../../../../shared/domain/types';
import type { WorkCalendar } from '../../../../shared/domain/workCalendar';
import type { SupervisionItemView } from '../../../../shared/protocol/events';
import { HistoryTimeline } from './HistoryTimeline';
import { DueBadge, RatingBadge, StatusBadge } from './parts';
import { followupStrings as t } from './strings';
import { callerText, isWithdrawnByReply } from './supervisionView';

/**
 * One supervised item, as the desk and the liaison both read it: the matter, where it stands, the
 * unit's replies, extension requests, callbacks and the whole history. The screen puts its own
 * actions in (`actions`, and `extensionControls` under an undecided request).
 */
export function ItemDetail(props: {
  item: SupervisionItemView;
  history: EpisodeEvent[] | null;
  historyError: string | null;
  unitName: (id: string | null | undefined) => string;
  now: Date;
  calendar: WorkCalendar;
  actions?: ReactNode;
  extensionControls?: (request: ExtensionRequest) => ReactNode;
  onClose: () => void;
}) {
  const { item, history, historyError, unitName, now, calendar, actions, extensionControls, onClose } = props;
  const { appeal } = item;
  const s = appeal.supervision!;
  return (
    <article className="sv-detail" aria-labelledby="sv-detail-title" data-testid="sv-detail" data-appeal-id={appeal.id}>
      <div className="sv-detail-top">
        <header className="sv-detail-head">
          <h2 id="sv-detail-title">{t.itemNoLong(item.episode.year, item.episode.number, appeal.no)}</h2>
          <StatusBadge status={s.status} />
          <DueBadge item={item} now={now} calendar={calendar} />
          <button type="button" className="sv-x sv-detail-close" aria-label={t.closeDetail} title={t.closeDetail} onClick={onClose}>
            ×
          </button>
        </header>
      </div>
      <p className="sv-detail-summary" data-testid="sv-detail-summary">{appeal.summary}</p>
      <dl className="sv-facts">
        <div>
          <dt>{t.fields.unit}</dt>
          <dd data-testid="sv-detail-unit">{unitName(s.unitId)}</dd>
        </div>
        <div>
          <dt>{t.fields.deadline}</dt>
          <dd data-testid="sv-detail-deadline" data-deadline={s.deadline}>
            {t.longDate(s.deadline)}
          </dd>
        </div>
        <div>
          <dt>{t.fields.complexity}</dt>
          <dd>{t.complexityWithDays(s.complexity, t.complexity[s.complexity])}</dd>
        </div>
        <div>
          <dt>{t.fields.caller}</dt>
          <dd data-testid="sv-detail-caller">{callerText(appeal.caller)}</dd>
        </div>
        <div>
          <dt>{t.fields.areaCategory}</dt>
          <dd>{[appeal.area, appeal.category].filter(Boolean).join(t.dot) || t.none}</dd>
        </div>
        <div>
          <dt>{t.fields.channelReceived}</dt>
          <dd>{`${t.channels[appeal.channel]}${t.dot}${t.moment(appeal.receivedAt)}`}</dd>
        </div>
        <div>
          <dt>{t.fields.rating}</dt>
          <dd data-testid="sv-detail-rating"><RatingBadge rating={item.rating} /></dd>
        </div>
        <div>
          <dt>{t.fields.reopenings}</dt>
          <dd>{t.timesCount(s.reopenings)}</dd>
        </div>
        <div>
          <dt>{s.closedAt ? t.fields.closedAt : t.fields.reminders}</dt>
          <dd>{s.closedAt ? t.moment(s.closedAt) : t.timesCount(s.reminders.length)}</dd>
        </div>
      </dl>
      {appeal.answer && (appeal.answer.points || appeal.answer.commitment) && (
        <div className="sv-live-answer">
          {appeal.answer.points && <p>{t.labelled(t.liveAnswer, appeal.answer.points)}</p>}
          {appeal.answer.commitment && <p>{t.labelled(t.liveCommitment, appeal.answer.commitment)}</p>}
        </div>
      )}

      {actions}

      <div className="sv-records">
        <section aria-labelledby="sv-replies-title" data-testid="sv-replies">
          <h3 id="sv-replies-title">{t.repliesTitle}</h3>
          {s.replies.length === 0 ? (
            <p className="sv-dim">{t.repliesNone}</p>
          ) : (
            <ol className="sv-records-list">
              {s.replies.map((reply, i) => (
                <li key={i}>
                  <div className="sv-record-head">
                    <time>{t.moment(reply.at)}</time>
                    <span>{reply.by}</span>
                    <span className={`sv-tag${reply.onBehalf ? ' behalf' : ''}`}>{reply.onBehalf ? t.onBehalf : t.byUnit}</span>
                  </div>
                  <p>{reply.text}</p>
                </li>
              ))}
            </ol>
          )}
        </section>

        <section aria-labelledby="sv-callbacks-title" data-testid="sv-callbacks">
          <h3 id="sv-callbacks-title">{t.callbacksTitle}</h3>
          {s.callbacks.length === 0 ? (
            <p className="sv-dim">{t.callbacksNone}</p>
          ) : (
            <ol className="sv-records-list">
              {s.callbacks.map((callback, i) => (
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

        <section aria-labelledby="sv-extensions-title" data-testid="sv-extensions">
          <h3 id="sv-extensions-title">{t.extensionsTitle}</h3>
          {s.extensionRequests.length === 0 ? (
            <p className="sv-dim">{t.extensionsNone}</p>
          ) : (
            <ol className="sv-records-list">
              {s.extensionRequests.map((request) => {
                const withdrawn = isWithdrawnByReply(request, s);
                const state = !request.decision ? 'pending' : withdrawn ? 'withdrawn' : request.decision.granted ? 'granted' : 'refused';
                const label = { pending: t.extensionPending, withdrawn: t.extensionWithdrawn, granted: t.extensionGranted, refused: t.extensionRefused }[state];
                return (
                  <li key={request.id} data-testid="sv-extension" data-request-id={request.id}>
                    <div className="sv-record-head">
                      <time>{t.moment(request.at)}</time>
                      <span>{request.by}</span>
                      <strong>{t.extensionAsk(request.workdays)}</strong>
                      <span className={`sv-tag ${state}`}>{label}</span>
                    </div>
                    <p>{request.reason}</p>
                    {request.decision && (
                      <p className="sv-dim">
                        {withdrawn
                          ? t.extensionWithdrawnText(t.moment(request.decision.at), request.decision.note)
                          : t.extensionDecision(request.decision.granted, request.decision.by, t.moment(request.decision.at), request.decision.note)}
                      </p>
                    )}
                    {!request.decision && extensionControls?.(request)}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </div>

      <section className="sv-history" aria-labelledby="sv-history-title">
        <h3 id="sv-history-title">
          {t.historyTitle}
          {history && <span className="sv-dim">{t.historyCount(history.length)}</span>}
        </h3>
        {historyError ? <p role="alert" className="sv-form-error">{historyError}</p> : history ? <HistoryTimeline history={history} unitName={unitName} /> : <p className="sv-dim">{t.detailLoading}</p>}
      </section>
    </article>
  );
}
