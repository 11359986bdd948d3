import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntry } from '../../../../shared/domain/auditTrail';
import type { AuditPage } from '../../../../shared/protocol/audit';
import type { Ack, CatalogueView } from '../../../../shared/protocol/events';
import { formatMonthDayTime } from '../../ui/format';
import { auditStrings as s } from './auditStrings';

const PAGE_SIZE = 50;

interface Filters {
  account: string;
  episodeId: string;
  appealId: string;
  from: string;
  to: string;
  source: string;
}

const EMPTY: Filters = { account: '', episodeId: '', appealId: '', from: '', to: '', source: '' };

function queryOf(filters: Filters, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim()) params.set(key, value.trim());
  params.set('page', String(page));
  params.set('pageSize', String(PAGE_SIZE));
  return params.toString();
}

async function search(query: string): Promise<Ack<AuditPage>> {
  try {
    const response = await fetch(`/api/admin/audit?${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    return (await response.json()) as Ack<AuditPage>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: s.unreachable } };
  }
}

function actionWords(entry: AuditEntry): string {
  return entry.source === 'auth' ? (s.actions[entry.action] ?? entry.action) : entry.action;
}

/** 操作审计: the admin's search of the audit trail, paged here and exported whole as CSV. */
export function AuditSection({ catalogue }: { catalogue: CatalogueView }) {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [asked, setAsked] = useState<{ filters: Filters; page: number }>({ filters: EMPTY, page: 1 });
  const [result, setResult] = useState<AuditPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (wanted: { filters: Filters; page: number }) => {
    setBusy(true);
    const answer = await search(queryOf(wanted.filters, wanted.page));
    setBusy(false);
    if (!answer.ok) return setError(answer.error.message);
    setError(null);
    setResult(answer.data);
  }, []);

  useEffect(() => {
    void load(asked);
  }, [asked, load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked({ filters, page: 1 });
  };
  const set = (key: keyof Filters) => (value: string) => setFilters((f) => ({ ...f, [key]: value }));
  const pages = result ? Math.max(1, Math.ceil(result.total / result.pageSize)) : 1;

  return (
    <section className="admin-card audit-section" aria-labelledby="audit-heading">
      <h2 id="audit-heading">{s.heading}</h2>
      <p className="admin-hint">{s.explain}</p>
      <form className="audit-filters" onSubmit={submit}>
        <label>
          {s.account}
          <select value={filters.account} onChange={(e) => set('account')(e.target.value)}>
            <option value="">{s.anyAccount}</option>
            {catalogue.accounts.map((a) => (
              <option key={a.id} value={a.username}>
                {a.displayName}（{a.username}）
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.episode}
          <select value={filters.episodeId} onChange={(e) => set('episodeId')(e.target.value)}>
            <option value="">{s.anyEpisode}</option>
            {catalogue.episodes.map((ep) => (
              <option key={ep.id} value={ep.id}>
                {ep.year}年第{ep.number}期 · {ep.date}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.appealId}
          <input value={filters.appealId} maxLength={100} placeholder={s.appealPlaceholder} onChange={(e) => set('appealId')(e.target.value)} />
        </label>
        <label>
          {s.from}
          <input type="date" value={filters.from} onChange={(e) => set('from')(e.target.value)} />
        </label>
        <label>
          {s.to}
          <input type="date" value={filters.to} onChange={(e) => set('to')(e.target.value)} />
        </label>
        <label>
          {s.source}
          <select value={filters.source} onChange={(e) => set('source')(e.target.value)}>
            {Object.entries(s.sources).map(([value, words]) => (
              <option key={value} value={value}>
                {words}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={busy}>
          {busy ? s.searching : s.search}
        </button>
        <a className="button-link" href={`/api/admin/audit.csv?${queryOf(asked.filters, 1)}`} download>
          {s.exportCsv}
        </a>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {result && (
        <>
          <p className="audit-total" data-testid="audit-total">
            {s.total(result.total, result.truncated)} · {s.page(result.page, pages)}
          </p>
          {result.entries.length === 0 ? (
            <p className="muted">{s.none}</p>
          ) : (
            <table className="admin-table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  {Object.values(s.columns).map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.entries.map((entry, i) => (
                  <tr key={`${entry.at}-${i}`} className={entry.action === 'login_failed' ? 'audit-failed' : ''}>
                    <td className="nowrap">{formatMonthDayTime(new Date(entry.at))}</td>
                    <td className="nowrap">{s.sources[entry.source]}</td>
                    <td>{entry.actor ? `${entry.actor.name}` : (entry.username ?? '')}</td>
                    <td className="nowrap">{actionWords(entry)}</td>
                    <td>{entry.target}</td>
                    <td className="audit-detail">{entry.detail}</td>
                    <td className="nowrap">{entry.ip ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="audit-pager">
            <button type="button" disabled={busy || result.page <= 1} onClick={() => setAsked((a) => ({ ...a, page: a.page - 1 }))}>
              {s.previous}
            </button>
            <button type="button" disabled={busy || result.page >= pages} onClick={() => setAsked((a) => ({ ...a, page: a.page + 1 }))}>
              {s.next}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
