import type { EpisodeEvent } from '../../../../shared/domain/episodeState';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import { REOPEN_KEPT_REASON } from '../../../../shared/domain/supervisionRules';
import { followupStrings as t } from './strings';
import { callerText, isWithdrawnByReply } from './supervisionView';

/**
 * What one event did, in Chinese, read from the appeal as the event left it (the last reply,
 * callback, reminder… is the one this event added). Caller fields of a correction are named, never
 * quoted: a liaison sees the caller only as masked on the appeal.
 */
function detailsOf(event: EpisodeEvent, unitName: (id: string | null | undefined) => string): string[] {
  const appeal = event.appeal;
  if (!appeal) return [];
  const s = appeal.supervision;
  const changeOf = (path: string) => event.changes.find((c) => c.path === path);
  switch (event.type) {
    case 'appeal.received':
      return [t.ev.received(t.channels[appeal.channel], callerText(appeal.caller), appeal.area, appeal.category), appeal.summary];
    case 'appeal.updated': {
      const names = [...new Set(event.changes.map((c) => t.appealFields[c.path.split('.')[0]] ?? t.otherField))];
      return names.length ? [t.ev.updatedFields(names)] : [];
    }
    case 'appeal.answeredOnAir':
      return [appeal.answer?.points ? t.labelled(t.liveAnswer, appeal.answer.points) : '', appeal.answer?.commitment ? t.labelled(t.liveCommitment, appeal.answer.commitment) : ''].filter(Boolean);
    case 'appeal.handedOver':
      return [
        s ? t.ev.handedOver(unitName(s.unitId), t.complexityWithDays(s.complexity, t.complexity[s.complexity]), t.longDate(s.deadline)) : '',
        appeal.handOver ? t.ev.handOverReason(appeal.handOver.reason, appeal.handOver.automatic) : '',
        appeal.answer?.commitment ? t.labelled(t.liveCommitment, appeal.answer.commitment) : '',
      ].filter(Boolean);
    case 'appeal.markedInvalid':
      return appeal.invalidReason ? [t.ev.reason(appeal.invalidReason)] : [];
    case 'supervision.assigned': {
      const last = s?.assignments?.at(-1);
      if (last) return [t.ev.assigned(unitName(last.from), unitName(last.to)), t.ev.reason(last.reason)];
      const moved = changeOf('supervision.unitId');
      return [t.ev.assigned(unitName(moved?.from as string | undefined), unitName(s?.unitId))];
    }
    case 'supervision.deadlineChanged': {
      const last = s?.deadlineChanges.at(-1);
      return last ? [t.ev.deadline(t.longDate(last.from), t.longDate(last.to)), t.ev.reason(last.reason)] : [];
    }
    case 'supervision.reminded': {
      const last = s?.reminders.at(-1);
      return last?.note ? [t.ev.note(last.note)] : [];
    }
    case 'supervision.extensionRequested': {
      const last = s?.extensionRequests.at(-1);
      return last ? [t.ev.extensionRequested(last.workdays, last.reason)] : [];
    }
    case 'supervision.extensionDecided': {
      const decided = s?.extensionRequests.find((r) => r.decision?.at === event.at) ?? s?.extensionRequests.filter((r) => r.decision).at(-1);
      if (!decided?.decision) return [];
      const moved = changeOf('supervision.deadline');
      return [
        t.ev.extensionDecided(decided.decision.granted, decided.workdays),
        moved ? t.ev.deadline(t.longDate(String(moved.from)), t.longDate(String(moved.to))) : '',
        decided.decision.note ? t.ev.note(decided.decision.note) : '',
      ].filter(Boolean);
    }
    case 'supervision.replied': {
      const last = s?.replies.at(-1);
      if (!last) return [];
      const withdrew = s!.extensionRequests.some((r) => r.decision?.at === last.at && isWithdrawnByReply(r, s!));
      return [t.ev.replied(last.onBehalf), last.text, withdrew ? t.ev.extensionWithdrawn : ''].filter(Boolean);
    }
    case 'supervision.calledBack':
    case 'supervision.reopened': {
      const last = s?.callbacks.at(-1);
      if (!last) return [];
      return [
        last.outcome === 'reached' && last.rating ? t.ev.callbackReached(RATING_NAMES[last.rating]) : t.ev.callbackUnreachable,
        last.note ? t.ev.note(last.note) : '',
        event.type === 'supervision.reopened' && s ? (s.deadlineChanges.at(-1)?.reason === REOPEN_KEPT_REASON ? t.ev.reopenedKept(t.longDate(s.deadline)) : t.ev.reopened(t.longDate(s.deadline))) : '',
      ].filter(Boolean);
    }
    case 'supervision.closed':
      return s?.closeNote ? [t.ev.note(s.closeNote)] : [];
    default:
      return [];
  }
}

/** The whole history of one appeal, oldest first: when (Beijing time), who, what, and the details. */
export function HistoryTimeline({ history, unitName }: { history: EpisodeEvent[]; unitName: (id: string | null | undefined) => string }) {
  if (history.length === 0) return <p className="sv-dim">{t.historyNone}</p>;
  return (
    <ol className="sv-timeline" data-testid="sv-history">
      {history.map((event) => {
        const details = detailsOf(event, unitName);
        return (
          <li key={event.seq} className={`sv-event ${event.type.replace('.', '-')}`} data-event-type={event.type}>
            <div className="sv-event-head">
              <time dateTime={event.at}>{t.fullMoment(event.at)}</time>
              <strong className="sv-event-type">{t.eventTypes[event.type]}</strong>
              <span className="sv-event-actor">{event.actor.name}</span>
            </div>
            {details.length > 0 && (
              <div className="sv-event-details">
                {details.map((line, i) => (
                  <p key={i}>{line}</p>
                ))}
              </div>
            )}
          </li>
        );
      })}
    </ol>
  );
}
