import { refuse } from './errors';
import type { Change, EpisodeState } from './episodeState';
import { phoneKey } from './history';
import type { Publication, PublicationKind } from './types';

// The publication's shape lives with the other entities (types.ts), so the episode state can hold
// publications without importing these rules; re-exported for callers that know it from here.
export { PUBLICATION_KINDS, PUBLICATION_STATUSES, type Publication, type PublicationKind, type PublicationStatus } from './types';
export interface PublicationContext {
  now: string;
  newId: () => string;
}

/**
 * A publication never carries a caller's name or number: the text is checked against every linked
 * appeal's caller, so a draft that copies them is refused with a sentence saying so.
 */
function assertNoCallerDetails(state: EpisodeState, appealIds: string[], text: string): void {
  const digits = text.replace(/\D/g, '');
  for (const id of appealIds) {
    const caller = state.appeals[id]?.caller;
    if (!caller) continue;
    const phone = phoneKey(caller.phone);
    if (phone.length >= 7 && digits.includes(phone)) throw refuse('VALIDATION_FAILED', '发布内容不能包含来电人的电话号码。', { field: 'body' });
    const name = caller.name.trim();
    if (!caller.anonymous && name.length >= 2 && text.includes(name)) throw refuse('VALIDATION_FAILED', '发布内容不能包含来电人的姓名。', { field: 'body' });
  }
}

function assertLinkable(state: EpisodeState, appealIds: string[]): void {
  appealIds.forEach((id, index) => {
    const appeal = state.appeals[id];
    if (!appeal) throw refuse('APPEAL_NOT_FOUND', undefined, { field: `appealIds.${index}` });
    if (appeal.status !== 'answered_on_air' && appeal.status !== 'supervised') {
      throw refuse('ILLEGAL_TRANSITION', `第${appeal.no}号诉求尚未现场回应或转督办，不能作为发布依据。`, { field: `appealIds.${index}` });
    }
  });
}

/** Draft a hotspot or a Q&A pair from answered or supervised appeals of this episode. */
export function draftPublication(
  state: EpisodeState,
  input: { kind: PublicationKind; title: string; body: string; appealIds: string[] },
  by: string,
  ctx: PublicationContext,
): Change[] {
  if (state.episode.status === 'planned') throw refuse('EPISODE_NOT_LIVE', '节目尚未播出，不能起草发布内容。');
  assertLinkable(state, input.appealIds);
  assertNoCallerDetails(state, input.appealIds, `${input.title}\n${input.body}`);
  const publication: Publication = {
    id: ctx.newId(),
    episodeId: state.episode.id,
    kind: input.kind,
    title: input.title,
    body: input.body,
    appealIds: input.appealIds,
    status: 'draft',
    draftedBy: by,
    draftedAt: ctx.now,
    publishedAt: null,
    withdrawnAt: null,
    version: 1,
  };
  return [{ type: 'publication.drafted', publication }];
}

function current(state: EpisodeState, id: string, expectedVersion: number): Publication {
  const publication = state.publications?.[id];
  if (!publication) throw refuse('NOT_FOUND', '找不到这条发布内容。', { field: 'publicationId' });
  if (publication.version !== expectedVersion) throw refuse('CONFLICT', undefined, { fresh: publication });
  return publication;
}

/** Edit a draft (after publication, withdraw and draft again: what was published stays as it was). */
export function editPublication(state: EpisodeState, input: { publicationId: string; expectedVersion: number; title: string; body: string; appealIds: string[] }): Change[] {
  const publication = current(state, input.publicationId, input.expectedVersion);
  if (publication.status !== 'draft') throw refuse('ILLEGAL_TRANSITION', '只能修改草稿；已发布的内容请先撤回。');
  assertLinkable(state, input.appealIds);
  assertNoCallerDetails(state, input.appealIds, `${input.title}\n${input.body}`);
  return [{ type: 'publication.edited', publication: { ...publication, title: input.title, body: input.body, appealIds: input.appealIds, version: publication.version + 1 } }];
}

/** Review passed: publish. Published items are counted by the reports and shown on the public page. */
export function publishPublication(state: EpisodeState, input: { publicationId: string; expectedVersion: number }, ctx: PublicationContext): Change[] {
  const publication = current(state, input.publicationId, input.expectedVersion);
  if (publication.status !== 'draft') throw refuse('ILLEGAL_TRANSITION', publication.status === 'published' ? '这条内容已经发布。' : '已撤回的内容不能再发布，请重新起草。');
  return [{ type: 'publication.published', publication: { ...publication, status: 'published', publishedAt: ctx.now, version: publication.version + 1 } }];
}

/** Take a published item down. It is kept (nothing is deleted) and no longer counted. */
export function withdrawPublication(state: EpisodeState, input: { publicationId: string; expectedVersion: number }, ctx: PublicationContext): Change[] {
  const publication = current(state, input.publicationId, input.expectedVersion);
  if (publication.status !== 'published') throw refuse('ILLEGAL_TRANSITION', '只能撤回已发布的内容。');
  return [{ type: 'publication.withdrawn', publication: { ...publication, status: 'withdrawn', withdrawnAt: ctx.now, version: publication.version + 1 } }];
}
