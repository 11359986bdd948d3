import { isUsablePhoneKey, matterKey, phoneKey } from '../../shared/domain/history';
import type { Appeal } from '../../shared/domain/types';

interface Ref {
  episodeId: string;
  appealId: string;
}

/**
 * Where each caller's and each matter's appeals are, across every episode: kept current by the
 * committed events, so the operator's card can show a repeat caller while they type without a scan.
 */
export class AppealIndex {
  private readonly byPhone = new Map<string, Ref[]>();
  private readonly byMatter = new Map<string, Ref[]>();
  private readonly keysOf = new Map<string, { phone: string; matter: string }>();

  /** Record an appeal as it is now (new or changed). */
  track(appeal: Appeal): void {
    const phone = phoneKey(appeal.caller.phone);
    const matter = matterKey(appeal);
    const previous = this.keysOf.get(appeal.id);
    if (previous && previous.phone === phone && previous.matter === matter) return;
    const ref = { episodeId: appeal.episodeId, appealId: appeal.id };
    if (previous) {
      remove(this.byPhone, previous.phone, appeal.id);
      remove(this.byMatter, previous.matter, appeal.id);
    }
    if (isUsablePhoneKey(phone)) add(this.byPhone, phone, ref);
    if (appeal.category.trim()) add(this.byMatter, matter, ref);
    this.keysOf.set(appeal.id, { phone, matter });
  }

  sameCaller(phone: string): readonly Ref[] {
    const key = phoneKey(phone);
    return isUsablePhoneKey(key) ? this.byPhone.get(key) ?? [] : [];
  }

  sameMatter(appeal: Pick<Appeal, 'area' | 'category'>): readonly Ref[] {
    return this.byMatter.get(matterKey(appeal)) ?? [];
  }
}

function add(map: Map<string, Ref[]>, key: string, ref: Ref): void {
  const list = map.get(key);
  if (list) list.push(ref);
  else map.set(key, [ref]);
}

function remove(map: Map<string, Ref[]>, key: string, appealId: string): void {
  const list = map.get(key);
  if (!list) return;
  const next = list.filter((r) => r.appealId !== appealId);
  if (next.length) map.set(key, next);
  else map.delete(key);
}
