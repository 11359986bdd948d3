import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { callerLabel } from '../../../../shared/domain/masking';
import { RepeatCallerBadge } from './RepeatCallerBadge';
import type { Appeal } from '../../../../shared/domain/types';
import type { useCommand } from '../../api/useCommand';
import { CardPanel } from './CardPanel';
import { ReasonPrompt } from './ReasonPrompt';
import { operatorStrings as t } from './strings';

/** Move one id to a new index: the order sent to the server is always a permutation of the queue. */
export function moveInOrder(order: string[], id: string, to: number): string[] {
  const without = order.filter((x) => x !== id);
  without.splice(Math.max(0, Math.min(to, without.length)), 0, id);
  return without;
}

/** The on-air queue: reorder by drag or Alt+↑/↓, Enter puts the selected appeal on air. */
export function QueuePanel({ queue, episodeId, canPutOnAir, command, onEdit, onSelect }: { queue: Appeal[]; episodeId: string; canPutOnAir: boolean; command: ReturnType<typeof useCommand>; onEdit: (appeal: Appeal) => void; /** The selection, for the wall preview. */ onSelect?: (appealId: string | null) => void }) {
  const [chosen, setSelected] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [prompt, setPrompt] = useState<{ id: string; kind: 'invalid' | 'handOver' } | null>(null);
  const listRef = useRef<HTMLOListElement>(null);
  /** Back to the list once a reason prompt closes, so the keys go on working without a mouse. */
  const closePrompt = () => (setPrompt(null), requestAnimationFrame(() => listRef.current?.focus()));
  const order = queue.map((a) => a.id);
  // The queue always has a selection: the one chosen while it is still queued, else the first.
  // Enter puts it on air at once, no ↓ needed first.
  const selected = chosen && order.includes(chosen) ? chosen : (order[0] ?? null);
  useEffect(() => onSelect?.(selected), [selected, onSelect]);

  const reorder = (id: string, to: number) => command.run('queue:reorder', { episodeId, order: moveInOrder(order, id, to) });
  const putOnAir = (appeal: Appeal) => command.run('appeal:putOnAir', { episodeId, appealId: appeal.id, expectedVersion: appeal.version });

  const onKeyDown = (event: KeyboardEvent) => {
    if (prompt) return;
    const index = selected ? order.indexOf(selected) : -1;
    if (event.altKey && event.key === 'ArrowUp' && index > 0) void reorder(selected!, index - 1);
    else if (event.altKey && event.key === 'ArrowDown' && index >= 0 && index < order.length - 1) void reorder(selected!, index + 1);
    else if (event.key === 'ArrowDown') setSelected(order[Math.min(index + 1, order.length - 1)] ?? null);
    else if (event.key === 'ArrowUp') setSelected(order[Math.max(index - 1, 0)] ?? null);
    else if (event.key === 'Enter' && index >= 0 && canPutOnAir) void putOnAir(queue[index]);
    else if (event.altKey || event.ctrlKey || event.metaKey || index < 0) return;
    else if (event.key.toLowerCase() === 'e') onEdit(queue[index]);
    else if (event.key.toLowerCase() === 'h') setPrompt({ id: order[index], kind: 'handOver' });
    else if (event.key.toLowerCase() === 'x') setPrompt({ id: order[index], kind: 'invalid' });
    else return;
    event.preventDefault();
  };

  const onDrop = (event: DragEvent, to: number) => {
    event.preventDefault();
    if (dragging) void reorder(dragging, to);
    setDragging(null);
  };

  const decide = async (appeal: Appeal, reason: string) => {
    const ref = { episodeId, appealId: appeal.id, expectedVersion: appeal.version };
    const done = prompt?.kind === 'invalid' ? await command.run('appeal:markInvalid', { ...ref, reason }) : await command.run('appeal:handOver', { ...ref, reason });
    if (done) closePrompt();
  };

  return (
    <CardPanel name="queue" heading={t.queue.heading} hint={t.queue.hint} empty={t.queue.empty} count={queue.length} onKeyDown={onKeyDown} listRef={listRef}>
      {queue.map((appeal, index) => (
        <li
          key={appeal.id}
          draggable
          data-appeal-no={appeal.no}
          className={`${appeal.id === selected ? 'selected' : ''} ${appeal.id === dragging ? 'dragging' : ''}`}
          aria-current={appeal.id === selected ? 'true' : undefined}
          onClick={() => setSelected(appeal.id)}
          onDragStart={() => setDragging(appeal.id)}
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => onDrop(e, index)}
        >
          <div className="line">
            <b className="no">{appeal.no}</b>
            <span className="who">{callerLabel(appeal.caller)}</span>
            <span className="muted">{appeal.area}</span>
            <span className="move">
              <button type="button" className="icon" aria-label={`${t.queue.moveUp} ${appeal.no}`} disabled={index === 0} onClick={() => void reorder(appeal.id, index - 1)}>↑</button>
              <button type="button" className="icon" aria-label={`${t.queue.moveDown} ${appeal.no}`} disabled={index === queue.length - 1} onClick={() => void reorder(appeal.id, index + 1)}>↓</button>
            </span>
          </div>
          <RepeatCallerBadge appeal={appeal} />
          <div className="summary">{appeal.summary}</div>
          {prompt?.id === appeal.id ? (
            <ReasonPrompt
              label={prompt.kind === 'invalid' ? t.invalidReason : t.onAir.reason}
              initial={prompt.kind === 'handOver' ? t.onAir.defaultReason : ''}
              submitLabel={prompt.kind === 'invalid' ? t.queue.invalid : t.queue.handOver}
              onSubmit={(reason) => void decide(appeal, reason)}
              onCancel={closePrompt}
            />
          ) : (
            <div className="buttons">
              <button type="button" disabled={!canPutOnAir || command.busy} onClick={() => void putOnAir(appeal)}>{t.queue.putOnAir}</button>
              <button type="button" className="secondary" onClick={() => onEdit(appeal)}>{t.edit.button}</button>
              <button type="button" className="secondary" onClick={() => setPrompt({ id: appeal.id, kind: 'handOver' })}>{t.queue.handOver}</button>
              <button type="button" className="secondary" onClick={() => setPrompt({ id: appeal.id, kind: 'invalid' })}>{t.queue.invalid}</button>
            </div>
          )}
        </li>
      ))}
    </CardPanel>
  );
}
