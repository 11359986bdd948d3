import { useCallback, useEffect, useState } from 'react';
import type { AccountView } from '../../shared/protocol/events';
import { logout, whoAmI } from './api/http';
import { useConnection } from './api/useConnection';
import { HomePage } from './screens/HomePage';
import { LoginPage } from './screens/LoginPage';
import { shellStrings as t } from './strings/shell';

export function App() {
  const [account, setAccount] = useState<AccountView | null | undefined>(undefined);
  const endSession = useCallback(() => setAccount(null), []);
  const { socket, connection } = useConnection(Boolean(account), endSession);

  useEffect(() => {
    void whoAmI().then((response) => setAccount(response.ok ? response.data.account : null));
  }, []);

  if (account === undefined) return <p className="muted">{t.loading}</p>;
  if (account === null) return <LoginPage onLoggedIn={setAccount} />;

  return (
    <div className="shell">
      <header>
        <strong>{t.productName}</strong>
        <span className="who">
          {account.displayName}（{t.roles[account.role]}）
        </span>
        <span className={`connection ${connection}`} role="status" data-testid="connection">
          {t[connection]}
        </span>
        <button type="button" onClick={() => void logout().then(endSession)}>
          {t.logout}
        </button>
      </header>
      <main>
        <HomePage socket={socket} />
      </main>
    </div>
  );
}
