import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CHANNELS, type Channel, type Unit } from '../../../../shared/domain/types';
import type { AppealHistoryResult } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';
import type { useCommand } from '../../api/useCommand';
import { CallerHistory } from './CallerHistory';
import { operatorStrings as t } from './strings';
import './intakeCard.css';

const EMPTY = { channel: 'hotline' as Channel, phone: '', name: '', title: '先生' as '先生' | '女士' | 'none', anonymous: false, area: '', category: '', targetUnitId: '', summary: '', notes: '' };

export interface IntakeHandle {
  focus(): void;
}

/**
 * The keyboard-first intake card: Tab walks the fields in the order a caller gives them, Ctrl+Enter
 * records, Esc clears. While the number is typed, the caller's earlier appeals appear beside it.
 */
export const IntakeCard = forwardRef<IntakeHandle, { socket: StudioSocket | null; episodeId: string; units: Unit[]; command: ReturnType<typeof useCommand> }>(function IntakeCard(
  { socket, episodeId, units, command },
  ref,
) {
  const [form, setForm] = useState(EMPTY);
  const [history, setHistory] = useState<AppealHistoryResult | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  /** What was sent but refused, so it can be brought back when the card has moved on. */
  const [unsaved, setUnsaved] = useState<typeof EMPTY | null>(null);
  const formRef = useRef(form);
  formRef.current = form;
  const phoneRef = useRef<HTMLInputElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => phoneRef.current?.focus() }));

  const set = <K extends keyof typeof EMPTY>(key: K, value: (typeof EMPTY)[K]) => setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    if (!socket) return;
    const digits = form.phone.replace(/\D/g, '');
    if (digits.length < 7 && !form.category.trim()) return setHistory(null);
    const timer = setTimeout(async () => {
      const query = { ...(digits.length >= 7 ? { phone: form.phone } : {}), area: form.area, category: form.category };
      if (!query.phone && !query.category) return;
      const response = await sendCommand(socket, 'appeal:history', query);
      if (response.ok) setHistory(response.data);
    }, 250);
    return () => clearTimeout(timer);
  }, [socket, form.phone, form.area, form.category]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    // Clear at once: the next caller is already talking, and what they type must not be wiped by
    // a reset arriving with the ack.
    const sent = form;
    const blank = { ...EMPTY, channel: form.channel };
    setForm(blank);
    setHistory(null);
    setUnsaved(null);
    phoneRef.current?.focus();
    const result = await command.run('appeal:create', {
      episodeId,
      channel: form.channel,
      caller: { anonymous: form.anonymous, name: form.name, title: form.title === 'none' ? null : form.title, phone: form.phone },
      area: form.area,
      category: form.category,
      targetUnitId: form.targetUnitId || null,
      summary: form.summary,
      operatorNotes: form.notes,
    });
    if (!result) {
      setSaved(null);
      const untouched = JSON.stringify(formRef.current) === JSON.stringify(blank);
      if (untouched) setForm(sent);
      else setUnsaved(sent);
      return;
    }
    setSaved(t.intake.saved(result.appeal.no));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      setForm({ ...EMPTY, channel: form.channel });
      command.clearError();
    } else if (event.altKey && ['1', '2', '3'].includes(event.key)) {
      event.preventDefault();
      set('channel', CHANNELS[Number(event.key) - 1]);
    }
  };

  return (
    <section className="panel intake" aria-label={t.intake.heading}>
      <h3>{t.intake.heading}</h3>
      <form onSubmit={submit} onKeyDown={onKeyDown} data-testid="intake">
        {/* Native radios sharing one name: Tab stops once, on the checked one, and the arrow keys change the channel. */}
        <div className="channels" role="radiogroup" aria-label={t.intake.channel}>
          {CHANNELS.map((channel, i) => (
            <label key={channel} className={form.channel === channel ? 'chosen' : ''}>
              <input type="radio" name="channel" value={channel} checked={form.channel === channel} onChange={() => set('channel', channel)} />
              {t.intake.channels[channel]} <kbd>Alt+{i + 1}</kbd>
            </label>
          ))}
        </div>
        <div className="row">
          <label className="grow">
            {t.intake.phone}
            <input ref={phoneRef} name="phone" inputMode="tel" autoComplete="off" placeholder={t.intake.phoneHint} value={form.phone} onChange={(e) => set('phone', e.target.value)} />
          </label>
          <label className="grow">
            {t.intake.name}
            <input name="name" autoComplete="off" disabled={form.anonymous} value={form.name} onChange={(e) => set('name', e.target.value)} />
          </label>
          <label>
            {t.intake.title}
            <select name="title" value={form.title} disabled={form.anonymous} onChange={(e) => set('title', e.target.value as typeof form.title)}>
              <option value="先生">{t.intake.titles.先生}</option>
              <option value="女士">{t.intake.titles.女士}</option>
              <option value="none">{t.intake.titles.none}</option>
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="anonymous" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} />
            {t.intake.anonymous}
          </label>
        </div>
        <div className="row">
          <label className="grow">
            {t.intake.area}
            <input name="area" autoComplete="off" value={form.area} onChange={(e) => set('area', e.target.value)} />
          </label>
          <label className="grow">
            {t.intake.category}
            <input name="category" autoComplete="off" value={form.category} onChange={(e) => set('category', e.target.value)} />
          </label>
          <label className="grow">
            {t.intake.targetUnit}
            <select name="targetUnitId" value={form.targetUnitId} onChange={(e) => set('targetUnitId', e.target.value)}>
              <option value="">{t.intake.noUnit}</option>
              {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
        </div>
        <label>
          {t.intake.summary}
          <textarea name="summary" rows={3} value={form.summary} onChange={(e) => set('summary', e.target.value)} />
        </label>
        <label>
          {t.intake.notes}
          <input name="notes" autoComplete="off" value={form.notes} onChange={(e) => set('notes', e.target.value)} />
        </label>
        <div className="actions">
          <button type="submit" disabled={command.busy}>{t.intake.submit}</button>
          {command.error ? <span role="alert" className="error">{command.error.message}</span> : saved && <span className="ok" role="status">{saved}</span>}
          {unsaved && (
            <button type="button" className="secondary" onClick={() => (setForm(unsaved), setUnsaved(null))}>
              {t.intake.restore}
            </button>
          )}
        </div>
        <p className="hint">{t.intake.hint}</p>
      </form>
      <CallerHistory history={history} />
    </section>
  );
});
