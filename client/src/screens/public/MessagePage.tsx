import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { LIMITS } from '../../../../shared/protocol/commands';
import {
  CONSENT_TEXT,
  describeMessageProblems,
  MESSAGE_FIELDS,
  PublicMessageBody,
  type MessageField,
  type MessageFormData,
  type MessageReceipt,
  type MessageRefusal,
} from '../../../../shared/protocol/publicMessage';
import { CALLER_TITLES } from '../../../../shared/domain/types';
import { ProofOfWork } from './proofOfWork';
import { messageStrings as m, publicStrings as t } from './strings';
import './public.css';
import './messages.css';

type Load = { status: 'loading' } | { status: 'ready'; data: MessageFormData } | { status: 'missing'; message: string } | { status: 'failed' };
type Answer<T> = { ok: true; data: T } | { ok: false; error: MessageRefusal };

async function loadForm(episodeId: string | null): Promise<Load> {
  try {
    let id = episodeId;
    if (!id) {
      const current = (await (await fetch('/api/public/messages/current', { credentials: 'omit' })).json()) as Answer<{ episodeId: string }>;
      if (!current.ok) return { status: 'missing', message: current.error.message };
      id = current.data.episodeId;
    }
    const body = (await (await fetch(`/api/public/messages/${encodeURIComponent(id)}`, { credentials: 'omit' })).json()) as Answer<MessageFormData>;
    return body.ok ? { status: 'ready', data: body.data } : { status: 'missing', message: body.error.message };
  } catch {
    return { status: 'failed' };
  }
}

export function PublicFrame({ sub, children }: { sub: string; children: ReactNode }) {
  return (
    <div className="pub pub-msg">
      <header className="pub-masthead">
        <div className="pub-inner">
          <strong>{t.brand}</strong>
          <span>{sub}</span>
        </div>
      </header>
      <main className="pub-inner pub-main">{children}</main>
      <footer className="pub-footer">
        <div className="pub-inner">{m.footer}</div>
      </footer>
    </div>
  );
}

/** The citizens' message page: the episode, and a form that answers with a receipt once the message is stored. No login. */
export default function MessagePage({ episodeId }: { episodeId: string | null }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [receipt, setReceipt] = useState<MessageReceipt | null>(null);
  useEffect(() => {
    void loadForm(episodeId).then(setLoad);
  }, [episodeId]);
  useEffect(() => {
    if (load.status === 'ready') document.title = m.documentTitle(t.episodeLabel(load.data.episode.year, load.data.episode.number));
  }, [load]);

  return (
    <PublicFrame sub={m.brandSub}>
      {load.status === 'loading' && <p className="pub-message">{m.loading}</p>}
      {load.status === 'missing' && (
        <section className="pub-missing" role="alert" data-testid="message-missing">
          <h1>{m.noCurrentTitle}</h1>
          <p>{load.message}</p>
        </section>
      )}
      {load.status === 'failed' && (
        <section className="pub-missing" role="alert">
          <h1>{m.failedTitle}</h1>
          <p>{m.failed}</p>
        </section>
      )}
      {load.status === 'ready' && (
        <div className="msg-page">
          <EpisodeCard data={load.data} />
          {!load.data.open ? (
            <section className="pub-missing" role="alert" data-testid="message-closed">
              <h2>{m.closedTitle}</h2>
              <p>{m.closed}</p>
            </section>
          ) : receipt ? (
            <ReceiptCard receipt={receipt} onAnother={() => setReceipt(null)} />
          ) : (
            <MessageForm data={load.data} onReceipt={setReceipt} />
          )}
        </div>
      )}
    </PublicFrame>
  );
}

function EpisodeCard({ data }: { data: MessageFormData }) {
  const { episode } = data;
  const badge = episode.status === 'live' ? m.onAirNow : episode.status === 'planned' ? m.upcoming : m.ended;
  return (
    <header className="pub-head msg-episode" data-testid="message-episode">
      <p className="pub-kicker">
        <span className="pub-number">{t.episodeLabel(episode.year, episode.number)}</span>
        <span className={`msg-badge ${episode.status}`}>{badge}</span>
      </p>
      <h1>{episode.theme}</h1>
      <dl className="pub-facts">
        <div>
          <dt>{t.units}</dt>
          <dd>{episode.unitNames.join(t.listSeparator) || t.none}</dd>
        </div>
        <div>
          <dt>{t.leaders}</dt>
          <dd>{episode.leaders.map((l) => t.leader(l.name, l.title)).join(t.listSeparator) || t.none}</dd>
        </div>
        <div>
          <dt>播出时间</dt>
          <dd>
            {t.date(episode.date)} {m.slot(episode.slot.start, episode.slot.end)}
          </dd>
        </div>
      </dl>
      <p className="msg-intro">{m.intro}</p>
    </header>
  );
}

type Fields = { title: string; name: string; phone: string; area: string; category: string; text: string; consent: boolean };
const EMPTY: Fields = { title: '', name: '', phone: '', area: '', category: '', text: '', consent: false };

function MessageForm({ data, onReceipt }: { data: MessageFormData; onReceipt: (receipt: MessageReceipt) => void }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<MessageField | 'form', string>>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [proofState, setProofState] = useState<'working' | 'done' | 'failed'>('working');
  const [sending, setSending] = useState<null | 'proof' | 'send'>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const proof = useMemo(() => new ProofOfWork(setProofState), []);
  useEffect(() => {
    proof.start();
    return () => proof.stop();
  }, [proof]);

  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((f) => ({ ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };

  const showProblems = (found: Partial<Record<MessageField | 'form', string>>, message: string) => {
    setProblems(found);
    setBanner(message);
    const first = MESSAGE_FIELDS.find((f) => found[f]);
    if (first) requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    // The same schema the server applies: the citizen sees every problem before anything is sent.
    const local = PublicMessageBody.safeParse({ ...fields, title: fields.title || undefined, consent: fields.consent || undefined, altcha: 'pending' }, { reportInput: true });
    if (!local.success) return showProblems(describeMessageProblems(local.error), m.fixFields);
    setBanner(null);
    setSending('proof');
    const altcha = await proof.payload();
    if (!altcha) {
      setSending(null);
      proof.start();
      return showProblems({ altcha: m.proofFailed }, m.fixFields);
    }
    setSending('send');
    try {
      const response = await fetch(`/api/public/messages/${encodeURIComponent(data.episode.id)}`, {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ ...fields, altcha }),
      });
      const body = (await response.json()) as Answer<MessageReceipt>;
      if (body.ok) {
        onReceipt(body.data);
        window.scrollTo(0, 0);
        return;
      }
      // A solved challenge is spent on one message: any refusal gets a fresh one for the next try.
      proof.start();
      showProblems(body.error.fields ?? {}, body.error.message);
    } catch {
      setBanner(m.networkError);
    } finally {
      setSending(null);
    }
  };

  const error = (field: MessageField) =>
    problems[field] ? (
      <p className="msg-error" id={`msg-${field}-error`} role="alert" data-testid={`message-error-${field}`}>
        {problems[field]}
      </p>
    ) : null;
  const described = (field: MessageField) => ({ 'aria-invalid': Boolean(problems[field]), 'aria-describedby': problems[field] ? `msg-${field}-error` : undefined, 'data-field': field });

  return (
    <form ref={formRef} className="pub-section msg-form" onSubmit={(e) => void submit(e)} noValidate data-testid="message-form">
      <h2>{m.formTitle}</h2>
      {banner && (
        <p className="msg-banner" role="alert" data-testid="message-banner">
          {banner}
        </p>
      )}

      <fieldset className="msg-field">
        <legend>
          {m.title} <small className="req">{m.required}</small>
        </legend>
        <div className="msg-choices" role="radiogroup">
          {CALLER_TITLES.map((title, i) => (
            <label key={title} className={fields.title === title ? 'chosen' : ''}>
              <input type="radio" name="title" value={title} checked={fields.title === title} onChange={() => set('title', title)} {...(i === 0 ? described('title') : {})} />
              {m.titles[title]}
            </label>
          ))}
        </div>
        {error('title')}
      </fieldset>

      <label className="msg-field">
        <span>
          {m.name} <small>{m.optional}</small>
        </span>
        <input name="name" autoComplete="name" maxLength={LIMITS.shortText} placeholder={m.namePlaceholder} value={fields.name} onChange={(e) => set('name', e.target.value)} {...described('name')} />
        {error('name')}
      </label>

      <label className="msg-field">
        <span>
          {m.phone} <small className="req">{m.required}</small>
        </span>
        <input name="phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={LIMITS.phone} placeholder={m.phonePlaceholder} value={fields.phone} onChange={(e) => set('phone', e.target.value)} {...described('phone')} />
        <small className="msg-hint">{m.phoneHint}</small>
        {error('phone')}
      </label>

      <label className="msg-field">
        <span>
          {m.area} <small>{m.optional}</small>
        </span>
        <input name="area" maxLength={LIMITS.shortText} placeholder={m.areaPlaceholder} value={fields.area} onChange={(e) => set('area', e.target.value)} {...described('area')} />
        {error('area')}
      </label>

      <label className="msg-field">
        <span>
          {m.category} <small>{m.optional}</small>
        </span>
        <select name="category" value={fields.category} onChange={(e) => set('category', e.target.value)} {...described('category')}>
          <option value="">{m.categoryNone}</option>
          {data.categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {error('category')}
      </label>

      <label className="msg-field">
        <span>
          {m.text} <small className="req">{m.required}</small>
        </span>
        <textarea name="text" rows={6} placeholder={m.textPlaceholder} value={fields.text} onChange={(e) => set('text', e.target.value)} {...described('text')} />
        <small className={`msg-count ${Array.from(fields.text).length > LIMITS.summary ? 'over' : ''}`}>{m.textCount(Array.from(fields.text).length, LIMITS.summary)}</small>
        {error('text')}
      </label>

      <div className="msg-consent">
        <details>
          <summary>{CONSENT_TEXT.title}</summary>
          {CONSENT_TEXT.body.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </details>
        <label>
          <input type="checkbox" name="consent" checked={fields.consent} onChange={(e) => set('consent', e.target.checked)} {...described('consent')} />
          <span>{CONSENT_TEXT.checkbox}</span>
        </label>
        {error('consent')}
      </div>

      <p className={`msg-proof ${proofState}`} data-testid="message-proof" aria-live="polite">
        {proofState === 'working' ? m.proofWorking : proofState === 'done' ? m.proofDone : m.proofFailed}
      </p>
      {error('altcha')}

      <button type="submit" className="msg-submit" disabled={Boolean(sending)} data-testid="message-submit">
        {sending === 'proof' ? m.waitingProof : sending === 'send' ? m.submitting : m.submit}
      </button>
      <p className="msg-lookup-link">
        <a href="/liuyan/chaxun">{m.lookupLink}</a>
      </p>
    </form>
  );
}

function ReceiptCard({ receipt, onAnother }: { receipt: MessageReceipt; onAnother: () => void }) {
  return (
    <section className="pub-section msg-receipt" role="status" data-testid="message-receipt">
      <h2>{m.receiptTitle}</h2>
      {receipt.duplicate && <p className="msg-note">{m.receiptDuplicate}</p>}
      <p className="msg-receipt-lead">{m.receiptLead}</p>
      <p className="msg-receipt-code" data-testid="receipt-code">
        {receipt.receipt}
      </p>
      <p className="msg-note">{m.receivedAt(receipt.receivedAt)}</p>
      <p className="msg-note">{m.receiptKeep}</p>
      <div className="msg-actions">
        <a className="msg-button" href={`/liuyan/chaxun?code=${encodeURIComponent(receipt.receipt)}`}>
          {m.lookupLink}
        </a>
        <button type="button" className="msg-button secondary" onClick={onAnother}>
          {m.another}
        </button>
      </div>
    </section>
  );
}
