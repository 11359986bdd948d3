import { useState, type FormEvent } from 'react';
import type { AccountView } from '../../../shared/protocol/events';
import { login } from '../api/http';
import { shellStrings as t } from '../strings/shell';
import { DisplayWithdrawn, isWallPath } from './screen/DisplayWithdrawn';

/** `notice`: why the last session ended (idle timeout, password changed elsewhere), shown above the form. */
export function LoginPage({ onLoggedIn, notice = null }: { onLoggedIn: (account: AccountView, mustChangePassword: boolean) => void; notice?: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The studio wall is opened by its display link, never by typing: signed out there, it was withdrawn.
  if (isWallPath(window.location.pathname)) return <DisplayWithdrawn />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const response = await login(username, password);
    setBusy(false);
    if (response.ok) onLoggedIn(response.data.account, Boolean((response.data as { mustChangePassword?: boolean }).mustChangePassword));
    else setError(response.error.message);
  };

  return (
    <main className="login">
      <form onSubmit={submit} className="card" aria-label={t.loginTitle}>
        <h1>{t.productName}</h1>
        {notice && (
          <p role="status" className="error" data-testid="session-ended-notice">
            {notice}
          </p>
        )}
        <label>
          {t.username}
          <input name="username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label>
          {t.password}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <p role="alert" className="error">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? t.loggingIn : t.loginButton}</button>
      </form>
    </main>
  );
}
