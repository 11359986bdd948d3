import { useEffect, useState, type KeyboardEvent } from 'react';
import { callerLabel } from '../../../../shared/domain/masking';
import type { Appeal } from '../../../../shared/domain/types';
import type { useCommand } from '../../api/useCommand';
import { formatElapsed } from '../../ui/format';
import { operatorStrings as t } from './strings';

/** The call on air now, and its two endings: answered on air, or handed to supervision. */
export function OnAirPanel({ appeal, episodeId, now, command }: { appeal: Appeal | null; episodeId: string; now: Date; command: ReturnType<typeof useCommand> }) {
  const [points, setPoints] = useState('');
  const [commitment, setCommitment] = useState('');
  const [reason, setReason] = useState<string>(t.onAir.defaultReason);
  useEffect(() => {
    setPoints('');
    setCommitment('');
    setReason(t.onAir.defaultReason);
  }, [appeal?.id]);

  if (!appeal) {
    return (
      <section className="panel on-air idle" aria-label={t.onAir.heading}>
        <h3>{t.onAir.heading}</h3>
        <p className="empty" data-testid="operator-on-air">{t.onAir.none}</p>
      </section>
    );
  }
  const ref = { episodeId, appealId: appeal.id, expectedVersion: appeal.version };
  const answer = () => points.trim() && !command.busy && void command.run('appeal:answerOnAir', { ...ref, points, commitment });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      answer();
    }
  };
  return (
    <section className="panel on-air live" aria-label={t.onAir.heading} onKeyDown={onKeyDown}>
      <h3>
        {t.onAir.heading} <span className="timer">{appeal.onAirAt ? formatElapsed(now.getTime() - Date.parse(appeal.onAirAt)) : ''}</span>
      </h3>
      <div data-testid="operator-on-air">
        <div className="line">
          <b className="no">{appeal.no}</b> {callerLabel(appeal.caller)} {appeal.caller.phone} · {appeal.area} · {appeal.category}
        </div>
        {/* A long call scrolls inside its box: the buttons below stay where the operator's hands expect them. */}
        <p className="summary" tabIndex={0} data-testid="on-air-summary">{appeal.summary}</p>
      </div>
      <div className="answer-fields">
        <label className="grow">
          {t.onAir.points}
          <textarea rows={2} name="points" value={points} onChange={(e) => setPoints(e.target.value)} />
        </label>
        <label className="grow">
          {t.onAir.commitment}
          <input name="commitment" value={commitment} onChange={(e) => setCommitment(e.target.value)} />
        </label>
      </div>
      <div className="buttons" data-testid="on-air-buttons">
        <button type="button" disabled={command.busy || !points.trim()} onClick={() => answer()}>
          {t.onAir.answer}
        </button>
        <input aria-label={t.onAir.reason} className="reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="button" className="warn" disabled={command.busy || !reason.trim()} onClick={() => void command.run('appeal:handOver', { ...ref, reason, points, commitment })}>
          {t.onAir.handOver}
        </button>
      </div>
      <p className="hint">{t.onAir.hint}</p>
    </section>
  );
}
