import { useEffect, useState, type FormEvent } from 'react';
import type { MessageRefusal, ReceiptStatus } from '../../../../shared/protocol/publicMessage';
import { PublicFrame } from './MessagePage';
import { messageStrings as m } from './strings';
import './public.css';
import './messages.css';

type Answer = { ok: true; data: ReceiptStatus } | { ok: false; error: MessageRefusal & { fields?: Record<string, string> } };

/** 留言办理进度查询: receipt code + the phone's last four digits → the status, and nothing else. No login. */
export default function ReceiptLookup() {
  const [code, setCode] = useState(() => new URLSearchParams(window.location.search).get('code') ?? '');
  const [last4, setLast4] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ReceiptStatus | null>(null);
  const [problem, setProblem] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  useEffect(() => {
    document.title = m.lookupTitle;
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setResult(null);
    setProblem(null);
    try {
      const response = await fetch('/api/public/receipts', {
        method: 'POST',
        credentials: 'omit',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ code, last4 }),
      });
      const body = (await response.json()) as Answer;
      if (body.ok) setResult(body.data);
      else setProblem({ message: body.error.message, fields: body.error.fields ?? {} });
    } catch {
      setProblem({ message: m.networkError, fields: {} });
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicFrame sub={m.brandSub}>
      <form className="pub-section msg-form" onSubmit={(e) => void submit(e)} noValidate data-testid="receipt-lookup">
        <h1 className="msg-h1">{m.lookupHeading}</h1>
        <p className="msg-note">{m.lookupIntro}</p>
        <label className="msg-field">
          <span>{m.receiptCode}</span>
          <input name="code" autoCapitalize="characters" autoComplete="off" maxLength={20} placeholder={m.receiptPlaceholder} value={code} onChange={(e) => setCode(e.target.value)} aria-invalid={Boolean(problem?.fields.code)} />
          {problem?.fields.code && <p className="msg-error" role="alert">{problem.fields.code}</p>}
        </label>
        <label className="msg-field">
          <span>{m.last4}</span>
          <input name="last4" inputMode="numeric" autoComplete="off" maxLength={4} value={last4} onChange={(e) => setLast4(e.target.value)} aria-invalid={Boolean(problem?.fields.last4)} />
          {problem?.fields.last4 && <p className="msg-error" role="alert">{problem.fields.last4}</p>}
        </label>
        {problem && Object.keys(problem.fields).length === 0 && (
          <p className="msg-banner" role="alert" data-testid="lookup-problem">
            {problem.message}
          </p>
        )}
        <button type="submit" className="msg-submit" disabled={busy} data-testid="lookup-submit">
          {busy ? m.lookingUp : m.lookupSubmit}
        </button>
        {result && (
          <div className="msg-status" role="status" data-testid="lookup-status">
            <span>{m.statusLead}</span>
            <b className={`status-${result.status}`}>{result.label}</b>
            <small>{m.statusNote}</small>
          </div>
        )}
        <p className="msg-lookup-link">
          <a href="/liuyan">{m.backToForm}</a>
        </p>
      </form>
    </PublicFrame>
  );
}
