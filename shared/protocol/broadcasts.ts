import type { ServerToClientEvents } from './events';
import { maskedEvent, maskedItem, whole, type Projector } from './projection';

export type BroadcastName = keyof ServerToClientEvents;
export type BroadcastOf<E extends BroadcastName> = Parameters<ServerToClientEvents[E]>[0];

/**
 * What a masked audience may read of each broadcast. A Record over every event: a broadcast added
 * to the event map does not compile until someone decides what of it the wall may see.
 */
export const BROADCASTS: { [E in BroadcastName]: Projector<BroadcastOf<E>> } = {
  'episode:event': maskedEvent,
  'episode:resyncRequired': whole(),
  'catalogue:changed': whole(),
  'supervision:changed': maskedItem,
  'supervision:movedAway': whole(),
  'supervision:alert': (alert) => ({ ...alert, item: maskedItem(alert.item) }),
  'session:ended': whole(),
  'connection:tooSlow': whole(),
};
