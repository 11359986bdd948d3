import { useEffect, useState, type FormEvent } from 'react';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_RULES, passwordProblems, ruleLabel, ruleText, type PasswordPolicy } from '../../../shared/domain/passwordPolicy';
import type { PasswordPolicyView } from '../../../shared/protocol/passwordChange';
import type { Ack, AccountView } from '../../../shared/protocol/events';
import { shellStrings } from '../strings/shell';

const t = shellStrings.changePassword;

/** Read by a screen reader, not shown (styles.css has no such class; kept here with the page). */
const hidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;

async function call<T>(path: string, init?: RequestInit): Promise<Ack<T>> {
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, ...init });
    return (await response.json()) as Ack<T>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: shellStrings.unreachable } };
  }
}

/**
 * Before anything else, a person whose password was generated or set by an admin chooses their own
 * (account policy). The rules are shown and ticked off while one types; the server judges again.
 */
export function ChangePasswordPage({ account, onChanged, onLogout }: { account: AccountView; onChanged: () => void; onLogout: () => void }) {
  const [policy, setPolicy] = useState<PasswordPolicy>(DEFAULT_PASSWORD_POLICY);
  const [oldPassword, setOldPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void call<PasswordPolicyView>('/api/password/policy').then((answer) => answer.ok && setPolicy({ minLength: answer.data.minLength }));
  }, []);

  const problems = passwordProblems(newPassword, account.username, policy);
  const mismatch = confirm.length > 0 && confirm !== newPassword;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problems.length) return setError(ruleText(problems[0], policy));
    if (confirm !== newPassword) return setError(t.mismatch);
    setBusy(true);
    const answer = await call<{ account: AccountView }>('/api/password', { method: 'POST', body: JSON.stringify({ oldPassword, newPassword }) });
    setBusy(false);
    if (answer.ok) onChanged();
    else setError(answer.error.message);
  };

  return (
    <main className="login">
      <form onSubmit={submit} className="card change-password" aria-label={t.title}>
        <h1>{t.title}</h1>
        <p style={{ margin: 0, maxWidth: '26rem', lineHeight: 1.6 }}>{t.firstLogin(account.displayName)}</p>
        <label>
          {t.oldPassword}
          <input name="oldPassword" type="password" autoComplete="current-password" autoFocus value={oldPassword} onChange={(e) => setOldPassword(e.target.value)} />
        </label>
        <label>
          {t.newPassword}
          <input name="newPassword" type="password" autoComplete="new-password" aria-describedby="password-rules" value={newPassword} onChange={(e) => {
              setNewPassword(e.target.value);
              setError(null);
            }} />
        </label>
        <div id="password-rules" className="password-rules" style={{ maxWidth: '26rem' }}>
          <p style={{ margin: 0 }}>{t.rulesTitle}</p>
          <ul style={{ margin: '.25rem 0 0', paddingLeft: '1.25rem', listStyle: 'none' }}>
            {PASSWORD_RULES.map((rule) => {
              const met = newPassword.length > 0 && !problems.includes(rule);
              return (
                <li key={rule} data-rule={rule} className={met ? 'met' : 'unmet'} style={{ color: met ? '#1b7f3b' : '#6b6b6b' }}>
                  <span aria-hidden="true">{met ? '✓' : '·'}</span> {ruleLabel(rule, policy)}
                  <span style={hidden}>（{met ? t.ruleMet : t.ruleNotMet}）</span>
                </li>
              );
            })}
          </ul>
        </div>
        <label>
          {t.confirmPassword}
          <input name="confirmPassword" type="password" autoComplete="new-password" value={confirm} onChange={(e) => {
              setConfirm(e.target.value);
              setError(null);
            }} />
        </label>
        {mismatch && <p className="error">{t.mismatch}</p>}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t.submitting : t.submit}
        </button>
        <button type="button" onClick={onLogout} style={{ background: 'none', color: 'inherit', border: 'none', textDecoration: 'underline', cursor: 'pointer' }}>
          {t.logout}
        </button>
      </form>
    </main>
  );
}
