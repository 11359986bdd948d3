/**
 * What the leader has typed for the call on air, kept in this browser's localStorage per episode and
 * appeal so a reload (a tablet that slept, a tap on refresh) does not lose it. Only the leader's own
 * words are kept (points, commitment, a changed hand-over reason), never anything about the caller;
 * a draft is removed once the call is closed, and drafts older than a day are swept on the next visit.
 * Storage that is full, disabled or private-mode simply keeps nothing: the panel works as before.
 */
export interface StoredDraft {
  points: string;
  commitment: string;
  reason: string;
}

const PREFIX = 'zfrx.leader.draft:';
const MAX_AGE_MS = 24 * 3_600_000;

const keyOf = (episodeId: string, appealId: string) => `${PREFIX}${episodeId}:${appealId}`;

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The draft kept for this call, if any. */
export function loadDraft(episodeId: string, appealId: string): StoredDraft | null {
  try {
    const raw = storage()?.getItem(keyOf(episodeId, appealId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredDraft> & { savedAt?: number };
    if (typeof value.points !== 'string' || typeof value.commitment !== 'string' || typeof value.reason !== 'string') return null;
    return { points: value.points, commitment: value.commitment, reason: value.reason };
  } catch {
    return null;
  }
}

/** Keep the draft of this call; an empty one (nothing typed, the default reason) is removed instead. */
export function saveDraft(episodeId: string, appealId: string, draft: StoredDraft, defaultReason: string): void {
  const empty = !draft.points.trim() && !draft.commitment.trim() && draft.reason === defaultReason;
  try {
    if (empty) storage()?.removeItem(keyOf(episodeId, appealId));
    else storage()?.setItem(keyOf(episodeId, appealId), JSON.stringify({ ...draft, savedAt: Date.now() }));
  } catch {
    // Full or refused: nothing is kept, the fields on screen still hold the text.
  }
}

/** Forget the draft of a call that has been closed. */
export function clearDraft(episodeId: string, appealId: string): void {
  try {
    storage()?.removeItem(keyOf(episodeId, appealId));
  } catch {
    // Nothing to do.
  }
}

/** Remove drafts older than a day (a call that closed while this browser was away). */
export function sweepDrafts(now = Date.now()): void {
  const store = storage();
  if (!store) return;
  try {
    const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter((k): k is string => Boolean(k?.startsWith(PREFIX)));
    for (const key of keys) {
      let savedAt = 0;
      try {
        savedAt = Number((JSON.parse(store.getItem(key) ?? '{}') as { savedAt?: number }).savedAt) || 0;
      } catch {
        savedAt = 0;
      }
      if (now - savedAt > MAX_AGE_MS) store.removeItem(key);
    }
  } catch {
    // Nothing to do.
  }
}
