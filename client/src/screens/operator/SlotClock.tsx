import { isEndingSoon, slotPhase, startOutsideSlot } from '../../../../shared/domain/slotClock';
import type { Episode } from '../../../../shared/domain/types';
import { operatorStrings as t } from './strings';

/** A span as the crew reads it: 12:34 or 1:02:03, and days beyond a day. */
export function formatSpan(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (days > 0) return t.slot.days(days, h);
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * The episode's slot against the clock (shared/domain/slotClock.ts): the countdown to its end while
 * live, and a warning when the episode is, or would be, started outside its slot.
 */
export function SlotClock({ episode, now }: { episode: Episode; now: Date }) {
  if (episode.status === 'ended') return null;
  const phase = slotPhase(episode, now);
  const slot = t.slot.label(episode.slot.start, episode.slot.end);
  // Planned: what starting now would be. Live: what the start was.
  const off = startOutsideSlot(episode, episode.status === 'live' && episode.startedAt ? episode.startedAt : now);
  const warning = !off.outside
    ? null
    : episode.status === 'live'
      ? off.reason === 'early' ? t.slot.startedEarly(formatSpan(off.byMs)) : t.slot.startedLate(formatSpan(off.byMs))
      : off.reason === 'early' ? t.slot.wouldStartEarly(formatSpan(off.byMs)) : t.slot.wouldStartLate(formatSpan(off.byMs));
  const countdown =
    episode.status !== 'live'
      ? null
      : phase.kind === 'before'
        ? { text: t.slot.before(formatSpan(phase.startsInMs)), tone: '' }
        : phase.kind === 'onAir'
          ? { text: t.slot.remaining(formatSpan(phase.remainingMs)), tone: isEndingSoon(phase) ? 'soon' : '' }
          : { text: t.slot.overrun(formatSpan(phase.overrunMs)), tone: 'over' };
  return (
    <div className="slot-clock" data-testid="slot-clock">
      <span className="slot">{slot}</span>
      {countdown && (
        <b className={`countdown ${countdown.tone}`} data-testid="slot-countdown" role="timer">
          {countdown.text}
        </b>
      )}
      {warning && (
        <span className="slot-warning" role="alert" data-testid="slot-warning">
          ⚠ {warning}
        </span>
      )}
    </div>
  );
}
