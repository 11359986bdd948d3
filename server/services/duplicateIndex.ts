import { DUPLICATE_WINDOW_MINUTES, findDuplicate } from '../../shared/domain/onlineMessages';
import type { Appeal } from '../../shared/domain/types';

/**
 * Online messages by phone, per episode: the duplicate check of the public message page
 * (shared/domain/onlineMessages.ts `findDuplicate`: same episode, same phone, same text whitespace
 * aside, within the window) over the few messages of one phone instead of every appeal of the
 * episode. During a 市长上线 special the episode holds thousands of appeals; the scan cost more than a
 * millisecond per message and grew with the show.
 *
 * Nothing here is the truth: the index holds appeal ids only, and every candidate is read from the
 * episode's state as it is now and judged by `findDuplicate` itself, so an appeal rolled back, moved
 * to another phone by the operator, or edited is judged as the plain scan judged it. An episode's
 * entry is built on its first use from the state (so a restart loses nothing: the states are loaded
 * from disk), then kept by `track` (every appeal the studio's durable events carry, and every
 * message recorded here).
 */
export class DuplicateIndex {
  /** episodeId → phone (stored form) → ids of online appeals received from it, oldest first. */
  private readonly episodes = new Map<string, Map<string, string[]>>();

  constructor(
    /** The episode's appeals as they are now, or null when there is no such episode. */
    private readonly appealsOf: (episodeId: string) => Record<string, Appeal> | null,
  ) {}

  /** The earlier message this one repeats, as `findDuplicate` over the whole episode would find it. */
  find(episodeId: string, phone: string, text: string, now: string, windowMinutes = DUPLICATE_WINDOW_MINUTES): Appeal | null {
    const appeals = this.appealsOf(episodeId);
    if (!appeals) return null;
    const ids = this.byPhone(episodeId, appeals).get(phone);
    if (!ids) return null;
    const candidates: Appeal[] = [];
    for (const id of ids) {
      const appeal = appeals[id];
      if (appeal?.channel === 'online' && appeal.caller.phone === phone) candidates.push(appeal);
    }
    // Ids whose appeal is gone (rolled back) or no longer this phone's (edited; tracked under its new number) are dropped.
    if (candidates.length !== ids.length) {
      if (candidates.length) this.episodes.get(episodeId)!.set(phone, candidates.map((a) => a.id));
      else this.episodes.get(episodeId)!.delete(phone);
    }
    // The scan met the appeals in the episode's order (its appeal numbers): so does this, should two match.
    if (candidates.length > 1) candidates.sort((a, b) => a.no - b.no);
    return findDuplicate(candidates, phone, text, now, windowMinutes);
  }

  /** An appeal as it now is (received or changed): indexed under its phone when it is an online message. Idempotent. */
  track(appeal: Appeal): void {
    const byPhone = this.episodes.get(appeal.episodeId);
    // Not built yet: the first `find` reads it from the state.
    if (!byPhone || appeal.channel !== 'online') return;
    add(byPhone, appeal);
  }

  /** Drop an episode's entry (an ended episode takes no more messages; it would be rebuilt if asked). */
  forget(episodeId: string): void {
    this.episodes.delete(episodeId);
  }

  /** How many episodes are indexed (for tests). */
  get size(): number {
    return this.episodes.size;
  }

  private byPhone(episodeId: string, appeals: Record<string, Appeal>): Map<string, string[]> {
    let byPhone = this.episodes.get(episodeId);
    if (!byPhone) {
      byPhone = new Map();
      for (const appeal of Object.values(appeals)) if (appeal.channel === 'online') add(byPhone, appeal);
      this.episodes.set(episodeId, byPhone);
    }
    return byPhone;
  }
}

function add(byPhone: Map<string, string[]>, appeal: Appeal): void {
  const phone = appeal.caller.phone;
  const ids = byPhone.get(phone);
  if (!ids) byPhone.set(phone, [appeal.id]);
  else if (!ids.includes(appeal.id)) ids.push(appeal.id);
}
