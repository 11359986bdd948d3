import { useRef, useState, type KeyboardEvent } from 'react';
import { callerLabel } from '../../../../shared/domain/masking';
import { RepeatCallerBadge } from './RepeatCallerBadge';
import type { Appeal } from '../../../../shared/domain/types';
import type { useCommand } from '../../api/useCommand';
import { formatMonthDayTime, formatWait } from '../../ui/format';
import { CardPanel } from './CardPanel';
import { ReasonPrompt } from './ReasonPrompt';
import { operatorStrings as t } from './strings';

/** A wait of minutes reads as a wait; a message left the day before reads as the time it came in. */
const LONG_WAIT_MS = 6 * 3_600_000;
function waitLabel(waitedMs: number, receivedAt: string): string {
  return waitedMs < LONG_WAIT_MS ? t.received.waited(formatWait(waitedMs)) : t.received.leftAt(formatMonthDayTime(new Date(receivedAt)));
}

/** Appeals waiting to be screened, oldest first, with how long each has waited. */
export function ReceivedList({ appeals, episodeId, now, command, onEdit }: { appeals: Appeal[]; episodeId: string; now: Date; command: ReturnType<typeof useCommand>; onEdit: (appeal: Appeal) => void }) {
  const [selected, setSelected] = useState(0);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** Back to the list once a reason prompt closes, so the keys go on working without a mouse. */
  const closePrompt = () => (setRejecting(null), requestAnimationFrame(() => listRef.current?.focus()));
  const current = appeals[Math.min(selected, appeals.length - 1)];

  const screen = (appeal: Appeal) => command.run('appeal:screen', { episodeId, appealId: appeal.id, expectedVersion: appeal.version });
  const markInvalid = async (appeal: Appeal, reason: string) => {
    if (await command.run('appeal:markInvalid', { episodeId, appealId: appeal.id, expectedVersion: appeal.version, reason })) closePrompt();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (rejecting || !current) return;
    if (event.key === 'ArrowDown') setSelected((i) => Math.min(i + 1, appeals.length - 1));
    else if (event.key === 'ArrowUp') setSelected((i) => Math.max(i - 1, 0));
    else if (event.key.toLowerCase() === 's') void screen(current);
    else if (event.key.toLowerCase() === 'x') setRejecting(current.id);
    else if (event.key.toLowerCase() === 'e' && !event.altKey && !event.ctrlKey) onEdit(current);
    else return;
    event.preventDefault();
  };

  return (
    <CardPanel name="received" heading={t.received.heading} hint={t.received.hint} empty={t.received.empty} count={appeals.length} onKeyDown={onKeyDown} listRef={listRef}>
      {appeals.map((appeal) => (
        <li key={appeal.id} className={appeal.id === current?.id ? 'selected' : ''} data-appeal-no={appeal.no} onClick={() => setSelected(appeals.indexOf(appeal))}>
          <div className="line">
            <b className="no">{appeal.no}</b>
            <span className="who">{callerLabel(appeal.caller)} {appeal.caller.phone}</span>
            <span className="wait">{waitLabel(now.getTime() - Date.parse(appeal.receivedAt), appeal.receivedAt)}</span>
          </div>
          <div className="line muted">{[appeal.area, appeal.category, t.intake.channels[appeal.channel]].filter(Boolean).join(' · ')}</div>
          <RepeatCallerBadge appeal={appeal} />
          <div className="summary">{appeal.summary}</div>
          {rejecting === appeal.id ? (
            <ReasonPrompt label={t.invalidReason} submitLabel={t.received.invalid} onSubmit={(reason) => void markInvalid(appeal, reason)} onCancel={closePrompt} />
          ) : (
            <div className="buttons">
              <button type="button" onClick={() => void screen(appeal)}>{t.received.screen}</button>
              <button type="button" className="secondary" onClick={() => onEdit(appeal)}>{t.edit.button}</button>
              <button type="button" className="secondary" onClick={() => setRejecting(appeal.id)}>{t.received.invalid}</button>
            </div>
          )}
        </li>
      ))}
    </CardPanel>
  );
}
