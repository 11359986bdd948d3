import type { AuthEvent } from '../../../shared/domain/auditSources';

/** What a search asks of the sign-in log: the store filters what it can, the service the rest. */
export interface AuthAuditQuery {
  /** China dates, inclusive, widened by a day each side by the caller (the log keeps UTC instants). */
  fromInstant?: string;
  toInstant?: string;
  /** At most this many, newest first. */
  limit: number;
}

/** The sign-in log (logins, failed logins, logouts, display links opened): append-only, durable before the answer. */
export interface AuthAuditLog {
  append(event: AuthEvent): Promise<void>;
  /** Newest first. */
  read(query: AuthAuditQuery): Promise<AuthEvent[]>;
  close(): Promise<void>;
}
