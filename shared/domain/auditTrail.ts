import type { AuthEvent, CatalogueAuditEntryLike, EpisodeEventLike } from './auditSources';
import { maskPhone } from './masking';
import type { Actor } from './types';
import { chinaDate } from './workCalendar';

/**
 * 操作审计: one list of who did what, from three sources: every episode's event log (appeals,
 * supervision, publications), the catalogue's audit (accounts, display links, calendar, categories,
 * caller flags) and the sign-in log (logins, failed logins, logouts, display links opened).
 */
export type AuditSource = 'episode' | 'catalogue' | 'auth';
export const AUDIT_SOURCES: readonly AuditSource[] = ['episode', 'catalogue', 'auth'];

export interface AuditEntry {
  at: string;
  source: AuditSource;
  /** Who: null for a failed login by a name that is no account. */
  actor: Actor | null;
  /** The name typed at a login (failed or not), else the actor's account's username when known. */
  username: string | null;
  /** The command (`appeal:create`) or the sign-in event (`login`, `login_failed`…). */
  action: string;
  episodeId: string | null;
  appealId: string | null;
  /** What was acted on, in words a person reads (an appeal's number, an account's name, a date). */
  target: string;
  /** The changes, one `path: from → to` per field, phones masked. */
  detail: string;
  /** The client's address, for sign-in events. */
  ip: string | null;
}

export interface AuditFilter {
  /** Account ids and usernames that count as the one searched for (an account's id and its username). */
  accounts?: string[];
  episodeId?: string;
  appealId?: string;
  /** China dates, inclusive. */
  from?: string;
  to?: string;
  source?: AuditSource;
}

export function matchesAudit(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.source && entry.source !== filter.source) return false;
  if (filter.accounts && !filter.accounts.some((who) => who === entry.actor?.accountId || who === entry.username)) return false;
  if (filter.episodeId && entry.episodeId !== filter.episodeId) return false;
  if (filter.appealId && entry.appealId !== filter.appealId) return false;
  const day = chinaDate(entry.at);
  if (filter.from && day < filter.from) return false;
  if (filter.to && day > filter.to) return false;
  return true;
}

const PHONE_PATH = /phone/i;

function shown(path: string, value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return PHONE_PATH.test(path) ? maskPhone(value) : value;
  const text = JSON.stringify(value);
  return PHONE_PATH.test(path) ? text.replace(/\d{7,}/g, (digits) => maskPhone(digits)) : text;
}

/** `path: from → to; …`, at most `limit` characters (the export keeps every field, the screen a line). */
export function describeChanges(changes: ReadonlyArray<{ path: string; from: unknown; to: unknown }>, limit = 2_000): string {
  const text = changes.map((c) => `${c.path}: ${shown(c.path, c.from)} → ${shown(c.path, c.to)}`).join('; ');
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** An episode event as an audit row. */
export function auditOfEvent(event: EpisodeEventLike): AuditEntry {
  const appeal = event.appeal;
  return {
    at: event.at,
    source: 'episode',
    actor: event.actor,
    username: null,
    action: event.command,
    episodeId: event.episodeId,
    appealId: appeal?.id ?? null,
    target: appeal ? `第${appeal.no}号诉求` : event.type,
    detail: describeChanges(event.changes ?? []),
    ip: null,
  };
}

/** A catalogue audit entry as an audit row. */
export function auditOfCatalogue(entry: CatalogueAuditEntryLike): AuditEntry {
  return {
    at: entry.at,
    source: 'catalogue',
    actor: entry.actor,
    username: null,
    action: entry.command,
    episodeId: null,
    appealId: null,
    target: entry.target,
    detail: describeChanges(entry.changes),
    ip: null,
  };
}

/** A sign-in event as an audit row. */
export function auditOfAuth(event: AuthEvent): AuditEntry {
  return {
    at: event.at,
    source: 'auth',
    actor: event.actor,
    username: event.username,
    action: event.kind,
    episodeId: null,
    appealId: null,
    target: event.username ?? event.actor?.name ?? '',
    detail: event.reason ?? '',
    ip: event.ip,
  };
}

/** Newest first; equal times keep their sources' order. */
export function newestFirst(a: AuditEntry, b: AuditEntry): number {
  return b.at.localeCompare(a.at);
}

const SOURCE_WORDS: Record<AuditSource, string> = { episode: '节目与诉求', catalogue: '基础数据与账号', auth: '登录' };
export const AUTH_ACTION_WORDS: Record<string, string> = {
  login: '登录',
  login_failed: '登录失败',
  logout: '退出登录',
  display_link_opened: '打开大屏链接',
  password_changed: '修改密码',
  session_ended: '会话结束',
};

/**
 * A cell as text a spreadsheet shows as typed: quoted, and a leading = + - @ (a formula to Excel)
 * defused with an apostrophe, so a typed name cannot run in the admin's spreadsheet.
 */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export const AUDIT_CSV_HEADER = ['时间（北京时间）', '来源', '操作人', '账号', '角色', '操作', '节目', '诉求', '对象', '内容', 'IP'];

/** One audit row of the CSV export. `at` is printed in China time. */
export function auditCsvLine(entry: AuditEntry): string {
  const china = new Date(Date.parse(entry.at) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
  const cells = [
    china,
    SOURCE_WORDS[entry.source],
    entry.actor?.name ?? '',
    entry.username ?? entry.actor?.accountId ?? '',
    entry.actor?.role ?? '',
    entry.source === 'auth' ? (AUTH_ACTION_WORDS[entry.action] ?? entry.action) : entry.action,
    entry.episodeId ?? '',
    entry.appealId ?? '',
    entry.target,
    entry.detail,
    entry.ip ?? '',
  ];
  return cells.map(csvCell).join(',');
}

/** The whole export: a BOM so Excel reads UTF-8, CRLF line ends. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return '\uFEFF' + [AUDIT_CSV_HEADER.map(csvCell).join(','), ...entries.map(auditCsvLine)].join('\r\n') + '\r\n';
}
