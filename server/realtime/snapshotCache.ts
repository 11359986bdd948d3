import type { SyncResult } from '../../shared/protocol/events';
import { EncodedReply } from './encodedAck';
import { projectResult, type Audience } from './projection';

/**
 * A sync answer ready to send, per audience. The studio hands every socket at the same episode and
 * seq the same snapshot object (server/services/sharedSnapshots.ts); here it is projected and
 * encoded once per audience ('full', 'masked') and kept as long as the studio keeps the snapshot
 * (a WeakMap: when the seq moves on and the studio drops it, this goes too).
 */
const encoded = new WeakMap<SyncResult, Partial<Record<Audience, EncodedReply>>>();

/** Projections and encodings actually made, for tests and figures. */
export const snapshotEncodings = { count: 0 };

export function syncReply(audience: Audience, result: SyncResult): SyncResult | EncodedReply {
  // A replay is made for one client and is small: the command projects it like any result.
  if (result.mode !== 'snapshot') return result;
  let forResult = encoded.get(result);
  if (!forResult) encoded.set(result, (forResult = {}));
  let reply = forResult[audience];
  if (!reply) {
    // Sent as it is, past the command's own projection: so projected here, by the same function.
    reply = EncodedReply.of(projectResult('episode:sync', audience, result));
    forResult[audience] = reply;
    snapshotEncodings.count += 1;
  }
  return reply;
}
