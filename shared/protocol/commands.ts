import { z } from 'zod';
import { CALLER_FLAG_KINDS } from '../domain/callerFlags';
import { ON_AIR_CALLBACK_FILTERS } from '../domain/onAirCallbacks';
import { PUBLICATION_KINDS } from '../domain/publications';
import { WALL_HIDE_REASONS } from '../domain/episodeState';
import { SATISFACTION_BASES } from '../domain/resolution';
import { CALLER_TITLES, CHANNELS, COMPLEXITIES, RATINGS, ROLES, UNIT_KINDS } from '../domain/types';
import { longText, nameText, phoneLookup, phoneNumber, requiredLongText, requiredName, withCallerPhoneRule } from './text';
import { MAX_SCHEDULED_DAYS } from '../domain/holidaySchedule';

/**
 * zod schemas of every command payload. Server handlers parse with these before anything else;
 * the client builds payloads of the inferred types. Limits are generous for real use and small
 * enough that one payload can never bloat an episode file.
 */

export const LIMITS = {
  shortText: 50,
  category: 30,
  summary: 2000,
  notes: 2000,
  reason: 500,
  message: 500,
  answer: 2000,
  /** What may be typed (spaces, 转, ext…); the stored form is at most 19 characters (0516-83901234转123456). */
  phone: 30,
} as const;

// Free text is cleaned and checked in shared/protocol/text.ts: names and labels lose every invisible
// and bidi character, long text its bidi controls; NUL and invisible-only text are refused.

// Records are looked up in plain objects by id: a name that every object already has (__proto__,
// constructor, toString…) would find something that is not a record, so no id may be one.
const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/)
  .refine((value) => !(value in Object.prototype), { message: 'reserved_id' });
const version = z.number().int().nonnegative();

/** A client-made id for one command; a retry sends the same id again. */
export const CommandId = z.string().min(8).max(100).regex(/^[A-Za-z0-9_.:-]+$/);

// A real calendar day: Date would roll 2025-02-30 over to March 2, so the round trip must match.
const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => {
    const day = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === s;
  });
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const phone = phoneNumber(LIMITS.phone);

export const Slot = z.object({ start: clockTime, end: clockTime }).strict().refine((s) => s.start < s.end, {
  path: ['end'],
  message: 'slot_order',
});

const EpisodeFields = {
  date: localDate,
  slot: Slot,
  theme: requiredName(100),
  host: nameText(LIMITS.shortText),
  unitIds: z.array(id).min(1).max(10),
  leaderIds: z.array(id).max(10),
  /** A feedback episode (回访节目) reports back on earlier supervised items. */
  feedback: z.boolean(),
};

export const EpisodePlan = z
  .object({
    commandId: CommandId,
    year: z.number().int().min(2000).max(2100).optional(),
    number: z.number().int().min(1).max(9999).optional(),
    ...EpisodeFields,
    feedback: EpisodeFields.feedback.default(false),
  })
  .strict();

export const EpisodeUpdate = z
  .object({
    commandId: CommandId,
    episodeId: id,
    expectedVersion: version,
    patch: z.object(EpisodeFields).partial().strict(),
  })
  .strict();

export const EpisodeTransition = z.object({ commandId: CommandId, episodeId: id }).strict();

// A named caller gives a number the repeat-caller look-up can trust; only an explicit 匿名 may leave it out.
export const CallerInput = withCallerPhoneRule(
  z
    .object({
      anonymous: z.boolean(),
      name: nameText(LIMITS.shortText),
      title: z.enum(CALLER_TITLES).nullable(),
      phone,
    })
    .strict(),
);

const AppealFields = {
  channel: z.enum(CHANNELS),
  caller: CallerInput,
  area: nameText(LIMITS.shortText),
  category: nameText(LIMITS.category),
  targetUnitId: id.nullable(),
  summary: requiredLongText(LIMITS.summary),
  operatorNotes: longText(LIMITS.notes),
};

export const AppealCreate = z
  .object({ commandId: CommandId, episodeId: id, ...AppealFields, operatorNotes: AppealFields.operatorNotes.default('') })
  .strict();

const appealRef = { commandId: CommandId, episodeId: id, appealId: id, expectedVersion: version };

export const AppealUpdate = z.object({ ...appealRef, patch: z.object(AppealFields).partial().strict() }).strict();
export const AppealRef = z.object(appealRef).strict();
export const AppealAnswerOnAir = z
  .object({ ...appealRef, points: requiredLongText(LIMITS.answer), commitment: longText(LIMITS.answer).default('') })
  .strict();
export const AppealHandOver = z
  .object({
    ...appealRef,
    reason: requiredLongText(LIMITS.reason),
    /** The unit responsible; defaults to the appeal's target unit, else the episode's first unit. */
    unitId: id.optional(),
    complexity: z.enum(COMPLEXITIES).default('normal'),
    points: longText(LIMITS.answer).default(''),
    commitment: longText(LIMITS.answer).default(''),
  })
  .strict();
export const AppealMarkInvalid = z.object({ ...appealRef, reason: requiredLongText(LIMITS.reason) }).strict();

export const QueueReorder = z.object({ commandId: CommandId, episodeId: id, order: z.array(id).max(1000) }).strict();

export const MessageSend = z
  .object({ commandId: CommandId, episodeId: id, text: requiredLongText(LIMITS.message), appealId: id.nullable().default(null) })
  .strict();
export const MessageMarkRead = z.object({ commandId: CommandId, episodeId: id, messageId: id }).strict();

export const EpisodeSync = z
  .object({ episodeId: id, sinceSeq: z.number().int().nonnegative().nullable().default(null) })
  .strict();

export const UnitSave = z
  .object({
    commandId: CommandId,
    unitId: id.nullable().default(null),
    expectedVersion: version.nullable().default(null),
    name: requiredName(LIMITS.shortText),
    kind: z.enum(UNIT_KINDS),
    level: nameText(20).default('市级'),
  })
  .strict();

export const PersonSave = z
  .object({
    commandId: CommandId,
    personId: id.nullable().default(null),
    expectedVersion: version.nullable().default(null),
    name: requiredName(LIMITS.shortText),
    title: nameText(LIMITS.shortText),
    unitId: id,
    principal: z.boolean(),
  })
  .strict();

export const Username = z.string().trim().min(2).max(32).regex(/^[A-Za-z0-9_.-]+$/);
export const Password = z.string().min(8).max(200);

export const AccountCreate = z
  .object({
    commandId: CommandId,
    username: Username,
    displayName: requiredName(LIMITS.shortText),
    role: z.enum(ROLES),
    unitId: id.nullable().default(null),
    password: Password,
  })
  .strict()
  .refine((a) => (a.role === 'unit') === (a.unitId !== null), { path: ['unitId'], message: 'unit_binding' });

const itemRef = { commandId: CommandId, episodeId: id, appealId: id, expectedVersion: version };

/** After the broadcast: one schema per follow-up command on a supervised item. */
export const SupervisionAssign = z.object({ ...itemRef, unitId: id, reason: requiredLongText(LIMITS.reason) }).strict();
export const SupervisionSetDeadline = z
  .object({ ...itemRef, complexity: z.enum(COMPLEXITIES).optional(), deadline: localDate.optional(), reason: requiredLongText(LIMITS.reason) })
  .strict()
  .refine((c) => c.complexity !== undefined || c.deadline !== undefined, { path: ['deadline'], message: 'deadline_or_complexity' });
export const SupervisionRemind = z.object({ ...itemRef, note: longText(LIMITS.reason).default('') }).strict();
export const SupervisionRequestExtension = z.object({ ...itemRef, workdays: z.number().int().min(1).max(30), reason: requiredLongText(LIMITS.reason) }).strict();
export const SupervisionDecideExtension = z.object({ ...itemRef, requestId: id, granted: z.boolean(), note: longText(LIMITS.reason).default('') }).strict();
export const SupervisionReply = z.object({ ...itemRef, text: requiredLongText(LIMITS.answer) }).strict();
export const SupervisionCallBack = z
  .object({ ...itemRef, outcome: z.enum(['reached', 'unreachable']), rating: z.enum(RATINGS).nullable().default(null), note: longText(LIMITS.reason).default('') })
  .strict()
  .refine((c) => c.outcome === 'unreachable' || c.rating !== null, { path: ['rating'], message: 'rating_required' })
  .refine((c) => c.outcome === 'reached' || c.rating === null, { path: ['rating'], message: 'rating_unreachable' });
export const SupervisionClose = z.object({ ...itemRef, note: longText(LIMITS.reason).default('') }).strict();
/** 回访 of an appeal answered on air: the same payload as a supervised item's callback. */
export const AppealCallBack = SupervisionCallBack;
/**
 * The desk's list of appeals answered on air to call back (onAirCallbacks.ts): awaiting a callback
 * (default) or all, optionally one episode or a range of broadcast dates; at most ON_AIR_CALLBACK_LIST_CAP rows.
 */
export const AppealCallBackList = z
  .object({ status: z.enum(ON_AIR_CALLBACK_FILTERS).default('awaiting'), episodeId: id.optional(), from: localDate.optional(), to: localDate.optional() })
  .strict()
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { path: ['to'], message: 'period_order' });

/** Put an earlier episode's supervised item on air as a follow-up report, in a feedback episode. */
export const FeedbackPutOnAir = z.object({ commandId: CommandId, episodeId: id, sourceEpisodeId: id, appealId: id }).strict();
export const FeedbackTakeOffAir = z.object({ commandId: CommandId, episodeId: id }).strict();
/** The producer hides the studio wall (a standby panel, no caller at all) or shows it again; the reason is from a fixed list. */
export const WallSetHidden = z.object({ commandId: CommandId, episodeId: id, hidden: z.boolean(), reason: z.enum(WALL_HIDE_REASONS).optional() }).strict();

export const DUE_FILTERS = ['due_soon', 'overdue'] as const;
export const SupervisionList = z
  .object({
    unitId: id.optional(),
    episodeId: id.optional(),
    status: z.enum(['with_unit', 'replied', 'closed']).optional(),
    due: z.enum(DUE_FILTERS).optional(),
    /** Counts and satisfaction only, no items: what a dashboard needs. */
    summaryOnly: z.boolean().default(false),
  })
  .strict();
export const SupervisionDetail = z.object({ episodeId: id, appealId: id }).strict();

/** 民生热点 and 政策问答: drafted from an episode's answered or supervised appeals, reviewed, published. */
const publicationText = { title: requiredName(100), body: requiredLongText(LIMITS.answer), appealIds: z.array(id).min(1).max(50) };
export const PublicationDraft = z.object({ commandId: CommandId, episodeId: id, kind: z.enum(PUBLICATION_KINDS), ...publicationText }).strict();
export const PublicationEdit = z.object({ commandId: CommandId, episodeId: id, publicationId: id, expectedVersion: version, ...publicationText }).strict();
export const PublicationRef = z.object({ commandId: CommandId, episodeId: id, publicationId: id, expectedVersion: version }).strict();

/** Reports over any date range (by broadcast date), and the annual table of a year. */
/** Which 满意率 the report prints (resolution.ts): rated on callbacks (default) or resolved ÷ accepted. */
const satisfactionBasis = z.enum(SATISFACTION_BASES).default('callback');
export const ReportsSummary = z
  .object({ from: localDate, to: localDate, satisfaction: satisfactionBasis })
  .strict()
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'period_order' });
// A query string brings the year as text; a missing year must stay missing, not become NaN.
const yearNumber = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v), z.number().int().min(2000).max(2100));
export const ReportsAnnual = z.object({ year: yearNumber, satisfaction: satisfactionBasis }).strict();

/** Correct the official calendar for one date: a workday, a day off, or back to the official rule (null). */
export const CalendarSetDay = z
  .object({ commandId: CommandId, date: localDate, dayType: z.enum(['work', 'off']).nullable(), reason: requiredLongText(LIMITS.reason) })
  .strict();

/** One day of a year's holiday schedule brought in by the admin (holidaySchedule.ts). */
const scheduledDay = z.object({ date: localDate, dayType: z.enum(['off', 'work']), name: requiredName(LIMITS.category) }).strict();

/**
 * Bring in a year's official holiday schedule (read on the client from the State Council's notice, a
 * CSV or an ICS, and reviewed there): it replaces what was brought in for that year before.
 */
export const CalendarImportYear = z
  .object({
    commandId: CommandId,
    year: z.number().int().min(2000).max(2100),
    source: z.enum(['notice', 'csv', 'ics']),
    days: z.array(scheduledDay).min(1).max(MAX_SCHEDULED_DAYS),
  })
  .strict()
  .superRefine((p, ctx) => {
    const seen = new Set<string>();
    p.days.forEach((day, index) => {
      if (!day.date.startsWith(`${p.year}-`)) ctx.addIssue({ code: 'custom', path: ['days', index, 'date'], message: 'date_outside_year' });
      if (seen.has(day.date)) ctx.addIssue({ code: 'custom', path: ['days', index, 'date'], message: 'date_repeated' });
      seen.add(day.date);
    });
  });

/** Disable (or enable again) an account: a disabled account cannot log in and loses its live connections. */
export const AccountSetDisabled = z.object({ commandId: CommandId, accountId: id, disabled: z.boolean() }).strict();

/** Revoke a big-screen link: the screen that opened it is disconnected and the link stops working. */
export const DisplayLinkRevoke = z.object({ commandId: CommandId, displayLinkId: id }).strict();

export const DisplayLinkCreate = z.object({ commandId: CommandId, label: requiredName(LIMITS.shortText) }).strict();

/** The roles an API key may act as (never the big screen: it has nothing to call). */
export const API_KEY_ROLES = ['admin', 'operator', 'leader', 'followup', 'unit'] as const;
const commandNameText = z.string().min(3).max(40).regex(/^[a-z][A-Za-z]*:[A-Za-z]+$/);

/**
 * A key for another system (the 12345 platform, a unit's work-order system) to call /api/v1: it acts
 * as one role, for the listed commands only (each one that role may run: server/services/apiKeys.ts).
 */
export const ApiKeyCreate = z
  .object({
    commandId: CommandId,
    label: requiredName(LIMITS.shortText),
    role: z.enum(API_KEY_ROLES),
    unitId: id.nullable().default(null),
    scope: z.array(commandNameText).min(1).max(64),
  })
  .strict()
  .refine((a) => (a.role === 'unit') === (a.unitId !== null), { path: ['unitId'], message: 'unit_binding' })
  .refine((a) => new Set(a.scope).size === a.scope.length, { path: ['scope'], message: 'scope_repeated' });

/** Revoke a key: its next call is refused (401); what it did stays in the audit under its name. */
export const ApiKeyRevoke = z.object({ commandId: CommandId, apiKeyId: id }).strict();

export const ApiKeyList = z.object({}).strict();

export const CatalogueGet = z.object({}).strict();

/** Add a category to the controlled list, rename it (older appeals keep counting under it), retire it or bring it back. */
export const CategorySave = z
  .object({
    commandId: CommandId,
    categoryId: id.nullable().default(null),
    expectedVersion: version.nullable().default(null),
    name: requiredName(LIMITS.category),
    retired: z.boolean().default(false),
  })
  .strict();

/** The flags kept on a caller's number (operators, follow-up staff, admins only: never a masked audience). */
export const CallerFlagList = z.object({ phone: phoneLookup(LIMITS.phone) }).strict();

/** Flag a caller's number (多次重复来电 / 恶意来电 / 需要关怀) with a reason, or take a flag off with a reason. */
export const CallerFlagSet = z
  .object({ commandId: CommandId, phone: phoneLookup(LIMITS.phone), flag: z.enum(CALLER_FLAG_KINDS), reason: requiredLongText(LIMITS.reason) })
  .strict();
export const CallerFlagClear = CallerFlagSet;

/** Earlier appeals of a caller (by the appeal on screen, or by the number being typed) and of the same matter. */
export const AppealHistory = z
  .object({
    appealId: id.optional(),
    episodeId: id.optional(),
    phone: phoneLookup(LIMITS.phone).optional(),
    area: nameText(LIMITS.shortText).optional(),
    category: nameText(LIMITS.category).optional(),
  })
  .strict()
  .refine((q) => (q.appealId !== undefined) === (q.episodeId !== undefined), { path: ['episodeId'], message: 'appeal_ref' })
  .refine((q) => q.appealId !== undefined || q.phone !== undefined || q.category !== undefined, { path: ['phone'], message: 'history_key' });

/** HTTP body of POST /api/login. */
export const LoginBody = z.object({ username: z.string().max(64), password: z.string().max(200) }).strict();

export type EpisodePlanInput = z.infer<typeof EpisodePlan>;
export type EpisodeUpdateInput = z.infer<typeof EpisodeUpdate>;
export type EpisodeTransitionInput = z.infer<typeof EpisodeTransition>;
export type AppealCreateInput = z.infer<typeof AppealCreate>;
export type AppealUpdateInput = z.infer<typeof AppealUpdate>;
export type AppealRefInput = z.infer<typeof AppealRef>;
export type AppealAnswerOnAirInput = z.infer<typeof AppealAnswerOnAir>;
export type AppealHandOverInput = z.infer<typeof AppealHandOver>;
export type AppealMarkInvalidInput = z.infer<typeof AppealMarkInvalid>;
export type QueueReorderInput = z.infer<typeof QueueReorder>;
export type MessageSendInput = z.infer<typeof MessageSend>;
export type MessageMarkReadInput = z.infer<typeof MessageMarkRead>;
export type EpisodeSyncInput = z.infer<typeof EpisodeSync>;
export type UnitSaveInput = z.infer<typeof UnitSave>;
export type PersonSaveInput = z.infer<typeof PersonSave>;
export type AccountCreateInput = z.infer<typeof AccountCreate>;
export type SupervisionAssignInput = z.infer<typeof SupervisionAssign>;
export type SupervisionSetDeadlineInput = z.infer<typeof SupervisionSetDeadline>;
export type SupervisionRemindInput = z.infer<typeof SupervisionRemind>;
export type SupervisionRequestExtensionInput = z.infer<typeof SupervisionRequestExtension>;
export type SupervisionDecideExtensionInput = z.infer<typeof SupervisionDecideExtension>;
export type SupervisionReplyInput = z.infer<typeof SupervisionReply>;
export type SupervisionCallBackInput = z.infer<typeof SupervisionCallBack>;
export type AppealCallBackInput = z.infer<typeof AppealCallBack>;
export type AppealCallBackListInput = z.infer<typeof AppealCallBackList>;
export type SupervisionCloseInput = z.infer<typeof SupervisionClose>;
export type FeedbackPutOnAirInput = z.infer<typeof FeedbackPutOnAir>;
export type WallSetHiddenInput = z.infer<typeof WallSetHidden>;
export type SupervisionListInput = z.infer<typeof SupervisionList>;
export type SupervisionDetailInput = z.infer<typeof SupervisionDetail>;
export type PublicationDraftInput = z.infer<typeof PublicationDraft>;
export type PublicationEditInput = z.infer<typeof PublicationEdit>;
export type PublicationRefInput = z.infer<typeof PublicationRef>;
export type ReportsSummaryInput = z.infer<typeof ReportsSummary>;
export type CalendarSetDayInput = z.infer<typeof CalendarSetDay>;
export type CalendarImportYearInput = z.infer<typeof CalendarImportYear>;
export type AccountSetDisabledInput = z.infer<typeof AccountSetDisabled>;
export type DisplayLinkRevokeInput = z.infer<typeof DisplayLinkRevoke>;
export type DisplayLinkCreateInput = z.infer<typeof DisplayLinkCreate>;
export type ApiKeyCreateInput = z.infer<typeof ApiKeyCreate>;
export type ApiKeyRevokeInput = z.infer<typeof ApiKeyRevoke>;
export type AppealHistoryInput = z.infer<typeof AppealHistory>;
export type CategorySaveInput = z.infer<typeof CategorySave>;
export type CallerFlagListInput = z.infer<typeof CallerFlagList>;
export type CallerFlagSetInput = z.infer<typeof CallerFlagSet>;
export type LoginBodyInput = z.infer<typeof LoginBody>;
