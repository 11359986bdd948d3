import { describe, expect, it } from 'vitest';
import { chinaInstant, isEndingSoon, slotBounds, slotPhase, startOutsideSlot } from '../../shared/domain/slotClock';

// 2025年11月25日 09:00–10:00 in Xuzhou is 01:00–02:00 UTC: the expectations are written in UTC by hand.
const episode = { date: '2025-11-25', slot: { start: '09:00', end: '10:00' } };
const MIN = 60_000;

describe('slotBounds', () => {
  it('reads the date and slot as China time (UTC+8), whatever the computer\u2019s time zone', () => {
    expect(slotBounds(episode)).toEqual({ startsAt: Date.parse('2025-11-25T01:00:00Z'), endsAt: Date.parse('2025-11-25T02:00:00Z') });
  });

  it('puts an early-morning slot on the previous UTC day', () => {
    expect(chinaInstant('2026-01-01', '07:30')).toBe(Date.parse('2025-12-31T23:30:00Z'));
  });

  it('refuses a malformed date or time instead of guessing', () => {
    expect(() => chinaInstant('2025-11-25', '9:00')).toThrow(RangeError);
    expect(() => chinaInstant('25-11-2025', '09:00')).toThrow(RangeError);
    expect(() => slotPhase(episode, 'not a date')).toThrow(RangeError);
  });
});

describe('slotPhase', () => {
  it('is before the slot until its first minute, with the time to its start and to its end', () => {
    expect(slotPhase(episode, '2025-11-25T00:45:00Z')).toEqual({ kind: 'before', startsInMs: 15 * MIN, endsInMs: 75 * MIN });
  });

  it('is on air from the slot\u2019s first millisecond, with the time left to its end', () => {
    expect(slotPhase(episode, '2025-11-25T01:00:00Z')).toEqual({ kind: 'onAir', elapsedMs: 0, remainingMs: 60 * MIN });
    expect(slotPhase(episode, new Date('2025-11-25T01:37:30Z'))).toEqual({ kind: 'onAir', elapsedMs: 37.5 * MIN, remainingMs: 22.5 * MIN });
  });

  it('overruns from the slot\u2019s end exactly, by how long it has gone on', () => {
    expect(slotPhase(episode, Date.parse('2025-11-25T02:00:00Z'))).toEqual({ kind: 'overrun', overrunMs: 0 });
    expect(slotPhase(episode, '2025-11-25T02:04:05Z')).toEqual({ kind: 'overrun', overrunMs: 4 * MIN + 5000 });
  });

  it('is before the slot on the day before, and overrunning on the day after', () => {
    expect(slotPhase(episode, '2025-11-24T02:30:00Z').kind).toBe('before');
    expect(slotPhase(episode, '2025-11-26T01:30:00Z')).toEqual({ kind: 'overrun', overrunMs: 23.5 * 60 * MIN });
  });
});

describe('isEndingSoon', () => {
  it('warns in the last five minutes on air, not before and not once overrunning', () => {
    expect(isEndingSoon(slotPhase(episode, '2025-11-25T01:54:59Z'))).toBe(false);
    expect(isEndingSoon(slotPhase(episode, '2025-11-25T01:55:00Z'))).toBe(true);
    expect(isEndingSoon(slotPhase(episode, '2025-11-25T02:00:00Z'))).toBe(false);
    expect(isEndingSoon(slotPhase(episode, '2025-11-25T00:58:00Z'))).toBe(false);
  });

  it('takes another threshold', () => {
    expect(isEndingSoon(slotPhase(episode, '2025-11-25T01:45:00Z'), 15 * MIN)).toBe(true);
  });
});

describe('startOutsideSlot', () => {
  it('accepts a start inside the slot, or up to ten minutes before it', () => {
    for (const at of ['2025-11-25T00:50:00Z', '2025-11-25T00:55:00Z', '2025-11-25T01:00:00Z', '2025-11-25T01:59:59Z']) {
      expect(startOutsideSlot(episode, at)).toEqual({ outside: false, reason: null, byMs: 0 });
    }
  });

  it('warns of a start more than ten minutes early, saying how early', () => {
    expect(startOutsideSlot(episode, '2025-11-25T00:49:59Z')).toEqual({ outside: true, reason: 'early', byMs: 10 * MIN + 1000 });
    expect(startOutsideSlot(episode, '2025-11-24T01:00:00Z')).toMatchObject({ outside: true, reason: 'early' });
  });

  it('warns of a start at or after the slot\u2019s end, saying how late', () => {
    expect(startOutsideSlot(episode, '2025-11-25T02:00:00Z')).toEqual({ outside: true, reason: 'late', byMs: 0 });
    expect(startOutsideSlot(episode, '2025-11-26T01:00:00Z')).toEqual({ outside: true, reason: 'late', byMs: 23 * 60 * MIN });
  });

  it('takes another tolerance for an early start', () => {
    expect(startOutsideSlot(episode, '2025-11-25T00:55:00Z', 0)).toMatchObject({ outside: true, reason: 'early', byMs: 5 * MIN });
    expect(startOutsideSlot(episode, '2025-11-25T00:40:00Z', 30 * MIN).outside).toBe(false);
  });
});
