import { Suspense, useCallback, useEffect, useState } from 'react';
import type { AccountView } from '../../shared/protocol/events';
import { logout } from './api/http';
import { useConnection } from './api/useConnection';
import { MESSAGE_PATH, MessagePage, PUBLIC_EPISODE_PATH, PublicEpisodePage, ReceiptLookup, resolveRoute, routesFor } from './routes';
import { LoginPage } from './screens/LoginPage';
import { OutdatedNotice } from './ui/OutdatedNotice';
import { shellStrings as t } from './strings/shell';

/** Who is logged in, or null: a logged-out answer is 200 { loggedIn: false }, never a 401. */
async function probeSession(): Promise<AccountView | null> {
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return null;
    const body = (await response.json()) as { ok: boolean; data?: { loggedIn: boolean; account: AccountView | null } };
    return body.ok && body.data?.loggedIn ? body.data.account : null;
  } catch {
    return null;
  }
}

function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((next: string) => {
    window.history.pushState(null, '', next);
    setPath(next);
  }, []);
  return [path, navigate];
}

export function App() {
  const publicEpisode = window.location.pathname.match(PUBLIC_EPISODE_PATH);
  if (publicEpisode) {
    return (
      <Suspense fallback={<p className="page-note">{t.loading}</p>}>
        <PublicEpisodePage episodeId={publicEpisode[1]} />
      </Suspense>
    );
  }
  const message = window.location.pathname.match(MESSAGE_PATH);
  if (message) {
    return <Suspense fallback={<p className="page-note">{t.loading}</p>}>{message[1] === 'chaxun' ? <ReceiptLookup /> : <MessagePage episodeId={message[1] ?? null} />}</Suspense>;
  }
  return <StaffApp />;
}

function StaffApp() {
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  const [path, navigate] = usePath();
  const endSession = useCallback(() => setAccount(null), []);
  const { socket, connection } = useConnection(Boolean(account), endSession);

  useEffect(() => {
    // /api/session answers 200 { loggedIn: false } when logged out: the login page logs no 401 in the console.
    void probeSession().then(setAccount);
  }, []);

  const route = account ? resolveRoute(path, account.role) : null;
  useEffect(() => {
    if (route && route.path !== window.location.pathname) window.history.replaceState(null, '', route.path);
  }, [route]);

  if (account === undefined) return <p className="page-note">{t.loading}</p>;
  if (account === null || !route) return <LoginPage onLoggedIn={setAccount} />;

  const Screen = route.screen;
  const body = (
    <Suspense fallback={<p className="page-note">{t.loading}</p>}>
      <Screen socket={socket} account={account} connection={connection} />
      {connection === 'outdated' && <OutdatedNotice />}
    </Suspense>
  );
  if (route.bare) return body;

  return (
    <div className="shell">
      <header>
        <strong>{t.productName}</strong>
        <nav aria-label={t.navigation}>
          {routesFor(account.role).map((r) => (
            <a
              key={r.path}
              href={r.path}
              aria-current={r.path === route.path ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(r.path);
              }}
            >
              {r.label}
            </a>
          ))}
        </nav>
        <span className="who">
          {t.signedInAs(account.displayName, t.roles[account.role])}
        </span>
        <span className={`connection ${connection}`} role="status" data-testid="connection">
          {t[connection]}
        </span>
        <button type="button" onClick={() => void logout().then(endSession)}>
          {t.logout}
        </button>
      </header>
      <main>{body}</main>
    </div>
  );
}
