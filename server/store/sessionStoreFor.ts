import type { SessionStore } from './sessionStore';
import type { Store } from './store';

/**
 * The session store that goes with a store: its table on PostgreSQL (a store that offers
 * `sessionStore()`), `sessions.log` in a lowdb data folder. Kept apart from the SessionStore
 * contract (sessionStore.ts), which the stores implement: the contract must not import a store
 * that imports it back.
 */
export async function sessionStoreFor(store: Store): Promise<SessionStore> {
  const withSessions = store as Store & { sessionStore?: () => SessionStore };
  if (typeof withSessions.sessionStore === 'function') return withSessions.sessionStore();
  if (store.dataDir) return new (await import('./lowdbSessions')).LowdbSessions(store.dataDir);
  throw new Error(`no session store for a ${store.kind} store: pass one to createApp`);
}

/** The sign-in log that goes with a store: its table on PostgreSQL, `auth-audit.log` in a lowdb data folder. */
export async function authAuditFor(store: Store): Promise<import('./authAudit/authAuditLog').AuthAuditLog> {
  const withLog = store as Store & { authAuditLog?: () => import('./authAudit/authAuditLog').AuthAuditLog };
  if (typeof withLog.authAuditLog === 'function') return withLog.authAuditLog();
  if (store.dataDir) return new (await import('./authAudit/fileAuthAudit')).FileAuthAudit(store.dataDir);
  throw new Error(`no sign-in log for a ${store.kind} store`);
}
