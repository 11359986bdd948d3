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
        <Fact label={t.fields.unit} data-testid="sv-detail-unit">{unitName(s.unitId)}</Fact>
        <Fact label={t.fields.deadline} data-testid="sv-detail-deadline" data-deadline={s.deadline}>{t.longDate(s.deadline)}</Fact>
        <Fact label={t.fields.complexity}>{t.complexityWithDays(s.complexity, t.complexity[s.complexity])}</Fact>
        <Fact label={t.fields.caller} data-testid="sv-detail-caller">{callerText(appeal.caller)}</Fact>
        <Fact label={t.fields.areaCategory}>{[appeal.area, appeal.category].filter(Boolean).join(t.dot) || t.none}</Fact>
        <Fact label={t.fields.channelReceived}>{`${t.channels[appeal.channel]}${t.dot}${t.moment(appeal.receivedAt)}`}</Fact>
        <Fact label={t.fields.rating} data-testid="sv-detail-rating"><RatingBadge rating={item.rating} /></Fact>
        <Fact label={t.fields.reopenings}>{t.timesCount(s.reopenings)}</Fact>
        <Fact label={s.closedAt ? t.fields.closedAt : t.fields.reminders}>{s.closedAt ? t.moment(s.closedAt) : t.timesCount(s.reminders.length)}</Fact>
      </dl>
      {appeal.answer && (appeal.answer.points || appeal.answer.commitment) && (
        <div className="sv-live-answer">
          {appeal.answer.points && <p>{t.labelled(t.liveAnswer, appeal.answer.points)}</p>}
          {appeal.answer.commitment && <p>{t.labelled(t.liveCommitment, appeal.answer.commitment)}</p>}
        </div>
      )}

      {actions}

      <div className="sv-records">
        <RecordSection name="replies" title={t.repliesTitle} none={t.repliesNone} records={s.replies}>
          {(reply, i) => (
            <li key={i}>
              <RecordHead at={reply.at} by={reply.by}>
                <span className={`sv-tag${reply.onBehalf ? ' behalf' : ''}`}>{reply.onBehalf ? t.onBehalf : t.byUnit}</span>
              </RecordHead>
              <p>{reply.text}</p>
            </li>
          )}
        </RecordSection>

        <RecordSection name="callbacks" title={t.callbacksTitle} none={t.callbacksNone} records={s.callbacks}>
          {(callback, i) => (
            <li key={i}>
              <RecordHead at={callback.at} by={callback.by}>
                {callback.rating ? <span className={`sv-rating ${callback.rating}`}>{RATING_NAMES[callback.rating]}</span> : <span className="sv-tag">{t.outcomes.unreachable}</span>}
              </RecordHead>
              {callback.note && <p>{callback.note}</p>}
            </li>
          )}
        </RecordSection>

        <RecordSection name="extensions" title={t.extensionsTitle} none={t.extensionsNone} records={s.extensionRequests}>
          {(request) => {
            const withdrawn = isWithdrawnByReply(request, s);
            const state = !request.decision ? 'pending' : withdrawn ? 'withdrawn' : request.decision.granted ? 'granted' : 'refused';
            const label = { pending: t.extensionPending, withdrawn: t.extensionWithdrawn, granted: t.extensionGranted, refused: t.extensionRefused }[state];
            return (
              <li key={request.id} data-testid="sv-extension" data-request-id={request.id}>
                <RecordHead at={request.at} by={request.by}>
                  <strong>{t.extensionAsk(request.workdays)}</strong>
                  <span className={`sv-tag ${state}`}>{label}</span>
                </RecordHead>
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
          }}
        </RecordSection>
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

/** One block of the item's records (replies, callbacks, extension requests): its heading, a line when there are none, else the list. */
function RecordSection<R>(props: { name: string; title: string; none: string; records: R[]; children: (record: R, index: number) => ReactNode }) {
  const id = `sv-${props.name}-title`;
  return (
    <section aria-labelledby={id} data-testid={`sv-${props.name}`}>
      <h3 id={id}>{props.title}</h3>
      {props.records.length === 0 ? <p className="sv-dim">{props.none}</p> : <ol className="sv-records-list">{props.records.map(props.children)}</ol>}
    </section>
  );
}

/** When and by whom, then what the record is. */
function RecordHead({ at, by, children }: { at: string; by: string; children: ReactNode }) {
  return (
    <div className="sv-record-head">
      <time>{t.moment(at)}</time>
      <span>{by}</span>
      {children}
    </div>
  );
}

/** One fact of the item: its name, then its value (with the data-testid and data- attributes tests and styles read). */
function Fact({ label, children, ...data }: { label: string; children: ReactNode } & Record<`data-${string}`, string>) {
  return (
    <div>
      <dt>{label}</dt>
      <dd {...data}>{children}</dd>
    </div>
  );
}
