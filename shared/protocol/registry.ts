import type { z } from 'zod';
import type { Category } from '../domain/categories';
import type { WallState } from '../domain/episodeState';
import type { Publication } from '../domain/publications';
import type { Episode, Person, Role, StudioMessage, Unit } from '../domain/types';
import * as C from './commands';
import { maskedAppeal, maskedChangedAppeal, maskedItemDetail, maskedItemList, maskedSync, whole, type Projector } from './projection';
import type * as V from './views';

/**
 * Every command, once: its payload schema, the roles that may send it, whether it acts on one
 * episode (its payload names the episode), the type of its result with what a masked audience may
 * read of it, and the record a CONFLICT carries back. The Socket.IO event map, the role table,
 * the server's validation and projection, the client's helpers and the tests are all read off this
 * table, so a command added here is complete everywhere or does not compile.
 */
export interface CommandSpec<S extends z.ZodType, R, F> {
  schema: S;
  roles: readonly Role[];
  /** The command acts on one episode's log, named by `episodeId` in its payload. */
  episode: boolean;
  /** The result type (declared by its projector) and what a masked audience may read of it. */
  result: Projector<R>;
  /** On CONFLICT, the fresh record the error carries; without one, a masked audience gets no record. */
  fresh?: Projector<F>;
}

function command<S extends z.ZodType, R, F = never>(spec: CommandSpec<S, R, F>): CommandSpec<S, R, F> {
  return spec;
}

const EVERYONE: readonly Role[] = ['admin', 'operator', 'leader', 'screen', 'followup', 'unit'];
const ADMIN: readonly Role[] = ['admin'];
const DESK: readonly Role[] = ['admin', 'followup'];
const OPERATOR: readonly Role[] = ['operator'];

// The desks read callers whole; a masked audience (none has the command today) would read them masked.
const maskedOnAirCallbackList: Projector<V.OnAirCallbackListResult> = (list) => ({ ...list, items: list.items.map((row) => ({ ...row, appeal: maskedAppeal(row.appeal) })) });

const changedAppeal = { result: maskedChangedAppeal, fresh: maskedAppeal };
const changedEpisode = { result: whole<V.ChangedEpisode>(), fresh: whole<Episode>() };
const changedPublication = { result: whole<{ publication: Publication; seq: number }>(), fresh: whole<Publication>() };

export const COMMANDS = {
  'catalogue:get': command({ schema: C.CatalogueGet, roles: EVERYONE, episode: false, result: whole<V.CatalogueView>() }),
  'unit:save': command({ schema: C.UnitSave, roles: ADMIN, episode: false, result: whole<{ unit: Unit }>(), fresh: whole<Unit>() }),
  'person:save': command({ schema: C.PersonSave, roles: ADMIN, episode: false, result: whole<{ person: Person }>(), fresh: whole<Person>() }),
  'account:create': command({ schema: C.AccountCreate, roles: ADMIN, episode: false, result: whole<{ account: V.AccountView }>() }),
  'account:setDisabled': command({ schema: C.AccountSetDisabled, roles: ADMIN, episode: false, result: whole<{ account: V.AccountView }>() }),
  'displayLink:revoke': command({ schema: C.DisplayLinkRevoke, roles: ADMIN, episode: false, result: whole<{ displayLink: V.DisplayLinkView }>() }),
  'displayLink:create': command({ schema: C.DisplayLinkCreate, roles: ADMIN, episode: false, result: whole<{ id: string; label: string; path: string }>() }),
  // Keys other systems call /api/v1 with (server/services/apiKeys.ts): made and revoked by the admin, on the socket only.
  // `key` is the secret, shown once: a retry of the same commandId answers null.
  'apiKey:create': command({ schema: C.ApiKeyCreate, roles: ADMIN, episode: false, result: whole<{ apiKey: V.ApiKeyView; key: string | null }>() }),
  'apiKey:revoke': command({ schema: C.ApiKeyRevoke, roles: ADMIN, episode: false, result: whole<{ apiKey: V.ApiKeyView }>() }),
  'apiKey:list': command({ schema: C.ApiKeyList, roles: ADMIN, episode: false, result: whole<{ apiKeys: V.ApiKeyView[] }>() }),
  'calendar:setDay': command({ schema: C.CalendarSetDay, roles: ADMIN, episode: false, result: whole<{ date: string; dayType: 'work' | 'off' | null }>() }),
  'calendar:importYear': command({ schema: C.CalendarImportYear, roles: ADMIN, episode: false, result: whole<{ year: number; days: number }>() }),
  'category:save': command({ schema: C.CategorySave, roles: ADMIN, episode: false, result: whole<{ category: Category }>(), fresh: whole<Category>() }),
  // Caller flags: never a masked audience (leader, screen, unit) — only the desks that take and call back citizens.
  'callerFlag:list': command({ schema: C.CallerFlagList, roles: ['admin', 'operator', 'followup'], episode: false, result: whole<V.CallerFlagsView>() }),
  'callerFlag:set': command({ schema: C.CallerFlagSet, roles: ['operator', 'followup'], episode: false, result: whole<V.CallerFlagsView>() }),
  'callerFlag:clear': command({ schema: C.CallerFlagClear, roles: ['operator', 'followup'], episode: false, result: whole<V.CallerFlagsView>() }),

  'episode:plan': command({ schema: C.EpisodePlan, roles: ADMIN, episode: false, ...changedEpisode }),
  'episode:update': command({ schema: C.EpisodeUpdate, roles: ADMIN, episode: true, ...changedEpisode }),
  'episode:start': command({ schema: C.EpisodeTransition, roles: ['admin', 'operator'], episode: true, ...changedEpisode }),
  'episode:end': command({ schema: C.EpisodeTransition, roles: ['admin', 'operator'], episode: true, ...changedEpisode }),
  'episode:sync': command({ schema: C.EpisodeSync, roles: ['admin', 'operator', 'leader', 'screen', 'followup'], episode: true, result: maskedSync }),

  'appeal:create': command({ schema: C.AppealCreate, roles: OPERATOR, episode: true, ...changedAppeal }),
  'appeal:update': command({ schema: C.AppealUpdate, roles: OPERATOR, episode: true, ...changedAppeal }),
  'appeal:screen': command({ schema: C.AppealRef, roles: OPERATOR, episode: true, ...changedAppeal }),
  'appeal:putOnAir': command({ schema: C.AppealRef, roles: OPERATOR, episode: true, ...changedAppeal }),
  'appeal:answerOnAir': command({ schema: C.AppealAnswerOnAir, roles: ['operator', 'leader'], episode: true, ...changedAppeal }),
  'appeal:handOver': command({ schema: C.AppealHandOver, roles: ['operator', 'leader'], episode: true, ...changedAppeal }),
  'appeal:markInvalid': command({ schema: C.AppealMarkInvalid, roles: OPERATOR, episode: true, ...changedAppeal }),
  // Earlier appeals carry no caller; the leader may only ask about the call on screen (appealHandlers.ts).
  'appeal:history': command({ schema: C.AppealHistory, roles: ['admin', 'operator', 'leader', 'followup'], episode: false, result: whole<V.AppealHistoryResult>() }),
  'queue:reorder': command({ schema: C.QueueReorder, roles: OPERATOR, episode: true, result: whole<{ queue: string[]; seq: number }>(), fresh: whole<string[]>() }),
  'message:send': command({ schema: C.MessageSend, roles: OPERATOR, episode: true, result: whole<{ message: StudioMessage; seq: number }>() }),
  'message:markRead': command({ schema: C.MessageMarkRead, roles: ['leader'], episode: true, result: whole<{ message: StudioMessage; seq: number }>() }),
  'feedback:putOnAir': command({ schema: C.FeedbackPutOnAir, roles: OPERATOR, episode: true, ...changedEpisode }),
  'feedback:takeOffAir': command({ schema: C.FeedbackTakeOffAir, roles: OPERATOR, episode: true, ...changedEpisode }),
  // The producer's emergency hide of the studio wall, and the way back (wallRules.ts); the wall's state carries no caller.
  'wall:setHidden': command({ schema: C.WallSetHidden, roles: OPERATOR, episode: true, result: whole<{ wall: WallState; seq: number }>() }),

  // Operators read the list to pick follow-up reports for a feedback episode.
  'supervision:list': command({ schema: C.SupervisionList, roles: ['admin', 'followup', 'unit', 'operator'], episode: false, result: maskedItemList }),
  'supervision:detail': command({ schema: C.SupervisionDetail, roles: ['admin', 'followup', 'unit', 'operator'], episode: true, result: maskedItemDetail }),
  'supervision:assign': command({ schema: C.SupervisionAssign, roles: DESK, episode: true, ...changedAppeal }),
  'supervision:setDeadline': command({ schema: C.SupervisionSetDeadline, roles: DESK, episode: true, ...changedAppeal }),
  'supervision:remind': command({ schema: C.SupervisionRemind, roles: DESK, episode: true, ...changedAppeal }),
  'supervision:requestExtension': command({ schema: C.SupervisionRequestExtension, roles: ['unit'], episode: true, ...changedAppeal }),
  'supervision:decideExtension': command({ schema: C.SupervisionDecideExtension, roles: DESK, episode: true, ...changedAppeal }),
  'supervision:reply': command({ schema: C.SupervisionReply, roles: ['admin', 'followup', 'unit'], episode: true, ...changedAppeal }),
  'supervision:callBack': command({ schema: C.SupervisionCallBack, roles: DESK, episode: true, ...changedAppeal }),
  'supervision:close': command({ schema: C.SupervisionClose, roles: DESK, episode: true, ...changedAppeal }),
  // 回访 of an appeal answered on air (supervisionRules.recordOnAirCallback): rated like a supervised item.
  'appeal:callBack': command({ schema: C.AppealCallBack, roles: DESK, episode: true, ...changedAppeal }),
  // The desk's worklist for it: appeals answered on air, awaiting a callback or all (onAirCallbacks.ts).
  'appeal:callBackList': command({ schema: C.AppealCallBackList, roles: DESK, episode: false, result: maskedOnAirCallbackList }),

  'publication:draft': command({ schema: C.PublicationDraft, roles: DESK, episode: true, ...changedPublication }),
  'publication:edit': command({ schema: C.PublicationEdit, roles: DESK, episode: true, ...changedPublication }),
  'publication:publish': command({ schema: C.PublicationRef, roles: ADMIN, episode: true, ...changedPublication }),
  'publication:withdraw': command({ schema: C.PublicationRef, roles: ADMIN, episode: true, ...changedPublication }),
  'reports:summary': command({ schema: C.ReportsSummary, roles: DESK, episode: false, result: whole<V.ReportSummary>() }),
  'reports:annual': command({ schema: C.ReportsAnnual, roles: DESK, episode: false, result: whole<V.AnnualReport>() }),
};

export type Registry = typeof COMMANDS;
export type CommandName = keyof Registry;
/** What a client sends (defaults not yet applied). */
export type PayloadOf<N extends CommandName> = z.input<Registry[N]['schema']>;
/** What a handler receives, after the schema parsed it. */
export type InputOf<N extends CommandName> = z.output<Registry[N]['schema']>;
type Results = { [N in CommandName]: Registry[N]['result'] extends Projector<infer R> ? R : never };
export type ResultOf<N extends CommandName> = Results[N];

/** Commands that change something: they carry a client-made commandId, and a retry changes nothing twice. */
export type ChangeCommandName = { [N in CommandName]: 'commandId' extends keyof PayloadOf<N> ? N : never }[CommandName];

/** A change's payload without its commandId: what a screen fills in; the sender adds the id. */
export type BodyOf<N extends ChangeCommandName> = Omit<PayloadOf<N>, 'commandId'>;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** Commands another system may run over HTTP (/api/v1) with a key: all but the keys' own (a key never makes or revokes keys). */
export const API_COMMAND_NAMES: CommandName[] = COMMAND_NAMES.filter((name) => !name.startsWith('apiKey:'));

/** What a key acting as this role may be given in its scope. */
export function apiCommandsFor(role: Role): CommandName[] {
  return API_COMMAND_NAMES.filter((name) => COMMANDS[name].roles.includes(role));
}

/** True when the name is one of ours (a socket may send any string). */
export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

/** The schema and role list of a command, for code that walks every command. */
export function specOf(name: CommandName): { schema: z.ZodType; roles: readonly Role[]; episode: boolean } {
  return COMMANDS[name];
}

/** The commandId a change carries; reads carry none. */
export function commandIdOf(input: unknown): string {
  return typeof input === 'object' && input !== null && 'commandId' in input && typeof input.commandId === 'string' ? input.commandId : '';
}


/** A command's result projector, for the one place results are projected (the ack is untyped on the wire). */
export function resultProjector(name: CommandName): Projector<unknown> {
  return COMMANDS[name].result;
}

/** What a masked audience may read of a CONFLICT's fresh record: its projection, or nothing. */
export function freshProjector(name: CommandName): Projector<unknown> | null {
  const spec: { fresh?: Projector<unknown> } = COMMANDS[name];
  return spec.fresh ?? null;
}
