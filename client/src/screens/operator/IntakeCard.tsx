import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CHANNELS, type Channel, type Unit } from '../../../../shared/domain/types';
import { AppealCreate } from '../../../../shared/protocol/commands';
import type { AppealHistoryResult } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { AppealFields, appealFields, blankForm, checkForm, fieldOf, focusField, GeneralError, isBlank, type AppealForm, type FieldError } from './appealForm';
import { CallerFlags } from './CallerFlags';
import { CallerHistory } from './CallerHistory';
import { useIntakeFeeds } from './CategoryPicker';
import { operatorStrings as t } from './strings';
import './intakeCard.css';

export interface IntakeHandle {
  focus(): void;
  /** Alt+N: a blank card on the default channel, whatever was there (kept aside when not blank). */
  newCard(): void;
  /** Alt+R: bring back the card kept aside last. */
  recall(): void;
}

/** A card kept aside: refused by the server, refused on the card, or moved aside by Alt+N. */
interface AsideCard {
  key: number;
  form: AppealForm;
  error: FieldError | null;
  /** Sent and refused by the server; its reason arrives with the refusal. */
  refused: boolean;
}

const DEFAULT_CHANNEL_KEY = 'operator.defaultChannel';
const ASIDE_MAX = 20;

function storedDefaultChannel(): Channel {
  try {
    const value = localStorage.getItem(DEFAULT_CHANNEL_KEY);
    return (CHANNELS as readonly string[]).includes(value ?? '') ? (value as Channel) : 'hotline';
  } catch {
    return 'hotline';
  }
}

/**
 * The keyboard-first intake card: Tab walks the fields in the order a caller gives them, Ctrl+Enter
 * records, Esc clears, Alt+N always gives a blank card on the console's default channel. The card is
 * checked as the server checks it before it is sent, the error shown once, next to its field. A card
 * the server refuses never comes back over the next caller: it is kept aside, and Alt+R recalls it.
 */
export const IntakeCard = forwardRef<IntakeHandle, { socket: StudioSocket | null; episodeId: string; units: Unit[] }>(function IntakeCard({ socket, episodeId, units }, ref) {
  const command = useCommand(socket);
  useIntakeFeeds(socket);
  const [defaultChannel, setDefaultChannel] = useState<Channel>(storedDefaultChannel);
  const [form, setForm] = useState<AppealForm>(() => blankForm(defaultChannel));
  const [error, setError] = useState<FieldError | null>(null);
  const [phoneTouched, setPhoneTouched] = useState(false);
  const [history, setHistory] = useState<AppealHistoryResult | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [aside, setAside] = useState<AsideCard[]>([]);
  const nextKey = useRef(1);
  const formRef = useRef(form);
  formRef.current = form;
  const errorRef = useRef(error);
  errorRef.current = error;
  const asideRef = useRef(aside);
  asideRef.current = aside;
  const defaultRef = useRef(defaultChannel);
  defaultRef.current = defaultChannel;
  const phoneRef = useRef<HTMLInputElement>(null);
  const formEl = useRef<HTMLFormElement>(null);

  const set = <K extends keyof AppealForm>(key: K, value: AppealForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // The error was about what was there; once that field changes it is the operator's to judge again.
    if (errorRef.current?.field === key || (key === 'anonymous' && errorRef.current?.field === 'phone')) setError(null);
  };

  const keepAside = (card: Omit<AsideCard, 'key'>) => {
    const entry = { ...card, key: nextKey.current++ };
    setAside((list) => [entry, ...list].slice(0, ASIDE_MAX));
    return entry.key;
  };

  /** A fresh card for the next caller: blank, on the default channel, the focus on the number. */
  const startBlank = () => {
    setForm(blankForm(defaultRef.current));
    setError(null);
    setPhoneTouched(false);
    setHistory(null);
    phoneRef.current?.focus();
  };

  const newCard = () => {
    if (!isBlank(formRef.current)) keepAside({ form: formRef.current, error: errorRef.current, refused: false });
    setSaved(null);
    startBlank();
  };

  const recall = (key?: number) => {
    const list = asideRef.current;
    const card = key === undefined ? list[0] : list.find((c) => c.key === key);
    if (!card) return;
    setAside((l) => l.filter((c) => c.key !== card.key));
    if (!isBlank(formRef.current)) keepAside({ form: formRef.current, error: errorRef.current, refused: false });
    setForm(card.form);
    setError(card.error);
    setPhoneTouched(true);
    setSaved(null);
    requestAnimationFrame(() => (card.error?.field ? focusField(formEl.current, card.error.field) : phoneRef.current?.focus()));
  };

  useImperativeHandle(ref, () => ({ focus: () => phoneRef.current?.focus(), newCard, recall: () => recall() }));

  // A refusal's reason arrives as the command's error: it belongs to the card(s) refused and waiting for it.
  useEffect(() => {
    const refusal = command.error;
    if (!refusal) return;
    setAside((list) => list.map((c) => (c.refused && !c.error ? { ...c, error: { field: fieldOf(refusal.field), message: refusal.message } } : c)));
  }, [command.error]);

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
    const sent = formRef.current;
    const payload = { episodeId, ...appealFields(sent) };
    // Checked here as the server will check it: a card that would be refused is never sent, and stays.
    const problem = checkForm(AppealCreate, { commandId: 'intake-card-check', ...payload }, 'appeal:create', sent);
    if (problem) {
      setError(problem);
      setPhoneTouched(true);
      setSaved(null);
      focusField(formEl.current, problem.field);
      return;
    }
    // Clear at once: the next caller is already talking, and what they type must never be wiped,
    // or added to, by an answer arriving later.
    setSaved(null);
    startBlank();
    const result = await command.run('appeal:create', payload);
    if (!result) {
      keepAside({ form: sent, error: null, refused: true });
      return;
    }
    setSaved(t.intake.saved(result.appeal.no));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape') {
      setSaved(null);
      startBlank();
    } else if (event.altKey && ['1', '2', '3'].includes(event.key)) {
      event.preventDefault();
      set('channel', CHANNELS[Number(event.key) - 1]);
    }
  };

  const chooseDefault = (channel: Channel) => {
    setDefaultChannel(channel);
    try {
      localStorage.setItem(DEFAULT_CHANNEL_KEY, channel);
    } catch {
      // A private window: the default lasts for this page.
    }
    if (isBlank(formRef.current)) set('channel', channel);
  };

  const refusedCount = aside.filter((c) => c.refused).length;
  return (
    <section className="panel intake" aria-label={t.intake.heading}>
      <h3>
        {t.intake.heading}
        <label className="default-channel">
          {t.intake.defaultChannel}
          <select name="defaultChannel" value={defaultChannel} onChange={(e) => chooseDefault(e.target.value as Channel)}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t.intake.channels[c]}</option>)}
          </select>
        </label>
      </h3>
      <form ref={formEl} onSubmit={submit} onKeyDown={onKeyDown} data-testid="intake" noValidate>
        <AppealFields form={form} set={set} units={units} error={error} prefix="intake" phoneRef={phoneRef} radioName="channel" phoneTouched={phoneTouched} onPhoneBlur={() => setPhoneTouched(true)} />
        <div className="actions">
          <button type="submit" disabled={command.busy}>{t.intake.submit}</button>
          <GeneralError error={error} />
          {saved && !error && <span className="ok" role="status" data-testid="intake-saved">{saved}</span>}
        </div>
        <p className="hint">{t.intake.hint}</p>
      </form>
      {aside.length > 0 && (
        <section className="aside-cards" aria-label={t.intake.aside.heading} data-testid="aside-cards">
          <h4>
            {t.intake.aside.heading} <span className="count">{aside.length}</span>
            {refusedCount > 0 && <span className="refused-count">{t.intake.aside.refused}{refusedCount}</span>}
          </h4>
          <p className="hint">{t.intake.aside.hint}</p>
          <ul>
            {aside.map((card) => (
              <li key={card.key} className={card.refused ? 'refused' : ''} data-testid="aside-card">
                <span className="what">{t.intake.aside.item(card.form.phone, (card.form.summary.trim() || t.intake.aside.untitled).slice(0, 40))}</span>
                <span className="why">{card.refused ? `${t.intake.aside.refused}${card.error?.message ?? ''}` : card.error ? card.error.message : t.intake.aside.draft}</span>
                <button type="button" className="secondary" onClick={() => recall(card.key)}>{t.intake.aside.recall}</button>
                <button type="button" className="icon" aria-label={t.intake.aside.drop} onClick={() => setAside((l) => l.filter((c) => c.key !== card.key))}>×</button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <CallerFlags socket={socket} phone={form.anonymous ? '' : form.phone} />
      <CallerHistory history={history} />
    </section>
  );
});
