import { useState, type FormEvent } from 'react';
import { operatorStrings as t } from './strings';

/** A small inline form for the one sentence a decision needs (why invalid, why handed over). */
export function ReasonPrompt({ label, initial = '', submitLabel, onSubmit, onCancel }: { label: string; initial?: string; submitLabel: string; onSubmit: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <form className="reason-prompt" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <input autoFocus aria-label={label} placeholder={label} value={reason} onChange={(e) => setReason(e.target.value)} />
      <button type="submit" disabled={!reason.trim()}>{submitLabel}</button>
      <button type="button" className="secondary" onClick={onCancel}>{t.cancel}</button>
    </form>
  );
}
