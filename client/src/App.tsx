import { Suspense, useCallback, useEffect, useState } from 'react';
import type { AccountView } from '../../shared/protocol/events';
import { logout } from './api/http';
import { useConnection } from './api/useConnection';
import { MESSAGE_PATH, MessagePage, PUBLIC_EPISODE_PATH, PublicEpisodePage, ReceiptLookup, resolveRoute, routesFor } from './routes';
import { LoginPage } from './screens/LoginPage';
import { ChangePasswordPage } from './screens/ChangePasswordPage';
import { OutdatedNotice } from './ui/OutdatedNotice';
import { shellStrings as t } from './strings/shell';

interface Probe {
  account: AccountView | null;
  /** A generated or admin-set password: only the change-password page until it is changed. */
  mustChangePassword: boolean;
  /** Logged out for a reason worth telling (idle timeout, password changed elsewhere). */
  reason: string | null;
}

/** Who is logged in, or null: a logged-out answer is 200 { loggedIn: false }, never a 401. */
async function probeSession(): Promise<Probe> {
  const none: Probe = { account: null, mustChangePassword: false, reason: null };
  try {
    const response = await fetch('/api/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) return none;
    const body = (await response.json()) as { ok: boolean; data?: { loggedIn: boolean; account: AccountView | null; mustChangePassword?: boolean; reason?: string | null } };
    if (!body.ok || !body.data) return none;
    return body.data.loggedIn ? { account: body.data.account, mustChangePassword: Boolean(body.data.mustChangePassword), reason: null } : { ...none, reason: body.data.reason ?? null };
  } catch {
    return none;
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
  const [mustChangePassword, setMustChangePassword] = useState(false);
  const [endReason, setEndReason] = useState<string | null>(null);
  const [path, navigate] = usePath();
  const endSession = useCallback(() => {
    setAccount(null);
    // Refused at the handshake (it ended while this tab was away): the server says why, if it knows.
    void probeSession().then((probe) => probe.reason && setEndReason((known) => known ?? probe.reason));
  }, []);
  const { socket, connection } = useConnection(Boolean(account) && !mustChangePassword, endSession);

  useEffect(() => {
    // /api/session answers 200 { loggedIn: false } when logged out: the login page logs no 401 in the console.
    void probeSession().then((probe) => {
      setMustChangePassword(probe.mustChangePassword);
      setEndReason(probe.reason);
      setAccount(probe.account);
    });
  }, []);

  // The server ended this session (idle timeout, password changed elsewhere…): the login page says why.
  useEffect(() => {
    if (!socket) return;
    const onEnded = ({ reason }: { reason: string }) => setEndReason(reason);
    socket.on('session:ended', onEnded);
    return () => {
      socket.off('session:ended', onEnded);
    };
  }, [socket]);

  const loggedIn = useCallback((next: AccountView, mustChange: boolean) => {
    setEndReason(null);
    setMustChangePassword(mustChange);
    setAccount(next);
  }, []);

  const route = account ? resolveRoute(path, account.role) : null;
  useEffect(() => {
    if (route && route.path !== window.location.pathname) window.history.replaceState(null, '', route.path);
  }, [route]);

  if (account === undefined) return <p className="page-note">{t.loading}</p>;
  if (account === null || !route) return <LoginPage onLoggedIn={loggedIn} notice={endReason} />;
  if (mustChangePassword) {
    return (
      <ChangePasswordPage
        account={account}
        onChanged={() => setMustChangePassword(false)}
        onLogout={() => void logout().then(() => setAccount(null))}
      />
    );
  }

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
        <button type="button" onClick={() => void logout().then(() => setAccount(null))}>
          {t.logout}
        </button>
      </header>
      <main>{body}</main>
    </div>
  );
}
