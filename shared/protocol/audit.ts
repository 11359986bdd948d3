import { z } from 'zod';
import { AUDIT_SOURCES, type AuditEntry } from '../domain/auditTrail';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s);
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v), z.string().max(max).optional());
const whole = (min: number, max: number, fallback: number) =>
  z.preprocess((v) => (v === undefined || v === '' ? fallback : typeof v === 'string' ? Number(v) : v), z.number().int().min(min).max(max));

/** GET /api/admin/audit and /api/admin/audit.csv: the admin's audit search (a query string, so text in). */
export const AuditSearch = z
  .object({
    account: optionalText(100),
    episodeId: optionalText(100),
    appealId: optionalText(100),
    from: z.preprocess((v) => (v === '' ? undefined : v), day.optional()),
    to: z.preprocess((v) => (v === '' ? undefined : v), day.optional()),
    source: z.preprocess((v) => (v === '' ? undefined : v), z.enum(AUDIT_SOURCES as [string, ...string[]]).optional()),
    page: whole(1, 10_000, 1),
    pageSize: whole(10, 200, 50),
  })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'period_order' });

export type AuditSearchInput = z.infer<typeof AuditSearch>;

export interface AuditPage {
  entries: AuditEntry[];
  /** Matches found (at most AUDIT_MATCH_LIMIT). */
  total: number;
  /** True when more matched than are kept: narrow the search. */
  truncated: boolean;
  page: number;
  pageSize: number;
}

/** Matches kept per search: the screen pages through them, the CSV exports them all. */
export const AUDIT_MATCH_LIMIT = 50_000;
