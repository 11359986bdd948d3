import type { Role } from '../../shared/domain/types';
import { DEFAULT_PASSWORD_MIN_LENGTH, passwordPolicy, type PasswordPolicy } from '../../shared/domain/passwordPolicy';

/**
 * Minutes a login session may go unused before it ends, per role (0: never). An admin's desk is
 * closed after half an hour; the director's and the leader's last a whole broadcast day, so a show
 * never logs them out mid-broadcast. The big screen's display-link session never idles out (it is
 * not in this table: it is exempt whatever its account's role).
 */
export type IdleMinutes = Record<Role, number>;

export const DEFAULT_IDLE_MINUTES: IdleMinutes = {
  admin: 30,
  followup: 120,
  unit: 120,
  operator: 480,
  leader: 480,
  screen: 480,
};

/** No idle timeout at all: what createApp does unless given idleMinutes (tests and tools move their clocks by days). */
export const NO_IDLE_TIMEOUT: IdleMinutes = { admin: 0, followup: 0, unit: 0, operator: 0, leader: 0, screen: 0 };

/** What "used" costs: last-used times are kept in memory and written at most this often. */
export const DEFAULT_TOUCH_PERSIST_MS = 60_000;

export interface AccountPolicySettings {
  password: PasswordPolicy;
  /** Accounts given a generated or admin-set password must change it at first login. */
  forcePasswordChange: boolean;
  idleMinutes: IdleMinutes;
}

export const DEFAULT_ACCOUNT_POLICY: AccountPolicySettings = {
  password: passwordPolicy(DEFAULT_PASSWORD_MIN_LENGTH),
  forcePasswordChange: false,
  idleMinutes: NO_IDLE_TIMEOUT,
};

const ENV_OF_ROLE: Record<Role, string> = {
  admin: 'SESSION_IDLE_MINUTES_ADMIN',
  operator: 'SESSION_IDLE_MINUTES_OPERATOR',
  leader: 'SESSION_IDLE_MINUTES_LEADER',
  screen: 'SESSION_IDLE_MINUTES_SCREEN',
  followup: 'SESSION_IDLE_MINUTES_FOLLOWUP',
  unit: 'SESSION_IDLE_MINUTES_UNIT',
};

/** SESSION_IDLE_MINUTES_<ROLE> over the defaults; a value that is not a whole number ≥ 0 is refused at start. */
export function idleMinutesFromEnv(env: NodeJS.ProcessEnv): IdleMinutes {
  const minutes = { ...DEFAULT_IDLE_MINUTES };
  for (const [role, name] of Object.entries(ENV_OF_ROLE) as Array<[Role, string]>) {
    const text = env[name]?.trim();
    if (!text) continue;
    if (!/^\d+$/.test(text)) throw new Error(`${name} 必须是不小于 0 的整数（分钟，0 表示不限）: ${text}`);
    minutes[role] = Number(text);
  }
  return minutes;
}

/** PASSWORD_MIN_LENGTH (never below 8). */
export function passwordMinLengthFromEnv(env: NodeJS.ProcessEnv): number {
  const text = env.PASSWORD_MIN_LENGTH?.trim();
  if (!text) return DEFAULT_PASSWORD_MIN_LENGTH;
  if (!/^\d+$/.test(text)) throw new Error(`PASSWORD_MIN_LENGTH 必须是整数（不小于 8）: ${text}`);
  return passwordPolicy(Number(text)).minLength;
}
