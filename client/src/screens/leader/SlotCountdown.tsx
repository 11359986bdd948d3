import { isEndingSoon, slotPhase, type Scheduled } from '../../../../shared/domain/slotClock';
import { useNow } from '../../api/useNow';
import { leaderStrings as t } from './strings';

/**
 * The time left in the episode's scheduled slot (剩余 mm:ss), amber in its last five minutes and red
 * once over (超时 mm:ss); before the slot, the time to its start. The rule is shared/domain/slotClock,
 * the same the operator console uses. It ticks on its own, like Elapsed.
 */
export function SlotCountdown({ episode }: { episode: Scheduled }) {
  const phase = slotPhase(episode, useNow());
  const text = phase.kind === 'before' ? t.countdown.before(phase.startsInMs) : phase.kind === 'onAir' ? t.countdown.onAir(phase.remainingMs) : t.countdown.overrun(phase.overrunMs);
  return (
    <span
      className={`lp-countdown lp-countdown-${phase.kind} ${isEndingSoon(phase) ? 'lp-countdown-soon' : ''}`}
      title={t.countdown.title(episode.slot.start, episode.slot.end)}
      role="timer"
      aria-live="off"
      data-testid="leader-countdown"
    >
      {text}
    </span>
  );
}
