import { randomUUID } from 'node:crypto';

/** Time as the server sees it: injectable so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A fresh id for any entity: short, URL-safe, unique without coordination between nodes. */
export function newId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 20);
}
