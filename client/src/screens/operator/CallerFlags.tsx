import { useEffect, useState, type FormEvent } from 'react';
import { CALLER_FLAG_KINDS, type CallerFlag, type CallerFlagKind } from '../../../../shared/domain/callerFlags';
import { isUsablePhoneKey, phoneKey } from '../../../../shared/domain/history';
import { sendCommand, type StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { operatorStrings as t } from './strings';

/**
 * The flags kept on a caller's number (多次重复来电 / 恶意来电 / 需要关怀): shown while the call is taken
 * and on the follow-up desk, each with its reason, who set it and when; set or taken off with a reason.
 * Only the operator console and the follow-up desk render it; the server sends flags to no one else.
 */
export function CallerFlags({ socket, phone, compact = false }: { socket: StudioSocket | null; phone: string; compact?: boolean }) {
  const s = t.callers;
  const command = useCommand(socket);
  const [flags, setFlags] = useState<CallerFlag[]>([]);
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<CallerFlagKind>('repeat');
  const [reason, setReason] = useState('');
  const usable = isUsablePhoneKey(phoneKey(phone));

  useEffect(() => {
    if (!socket || !usable) return setFlags([]);
    let cancelled = false;
    const timer = setTimeout(async () => {
      const response = await sendCommand(socket, 'callerFlag:list', { phone });
      if (!cancelled && response.ok) setFlags(response.data.flags);
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [socket, phone, usable]);

  if (!usable) return null;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('callerFlag:set', { phone, flag: kind, reason });
    if (result) {
      setFlags(result.flags);
      setReason('');
      setOpen(false);
    }
  };
  const clear = async (flag: CallerFlagKind) => {
    const why = window.prompt(s.clearReason);
    if (!why?.trim()) return;
    const result = await command.run('callerFlag:clear', { phone, flag, reason: why });
    if (result) setFlags(result.flags);
  };

  return (
    <section className={`caller-flags${compact ? ' compact' : ''}`} aria-label={s.flagsHeading} data-testid="caller-flags">
      <div className="flag-list">
        {flags.map((f) => (
          <span key={f.flag} className={`caller-flag ${f.flag}`} data-testid="caller-flag">
            <b>{s.flagNames[f.flag]}</b> {f.reason} <span className="muted">（{s.flagBy(f.by.name, f.at.slice(0, 16).replace('T', ' '))}）</span>
            <button type="button" className="link" onClick={() => void clear(f.flag)}>{s.clear}</button>
          </span>
        ))}
        {!open && (
          <button type="button" className="link" onClick={() => setOpen(true)} data-testid="flag-open">{s.addFlag}</button>
        )}
      </div>
      {open && (
        <form className="flag-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => e.stopPropagation()}>
          <select aria-label={s.flag} value={kind} onChange={(e) => setKind(e.target.value as CallerFlagKind)} name="flagKind">
            {CALLER_FLAG_KINDS.map((k) => <option key={k} value={k}>{s.flagNames[k]}</option>)}
          </select>
          <input aria-label={s.reason} name="flagReason" placeholder={s.reasonPlaceholder} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" disabled={command.busy || !reason.trim()}>{s.addFlag}</button>
          <button type="button" onClick={() => setOpen(false)}>{s.cancel}</button>
        </form>
      )}
      {command.error && <span className="field-error" role="alert">{command.error.message}</span>}
    </section>
  );
}
