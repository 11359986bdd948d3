import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BROADCASTS } from '../../shared/protocol/broadcasts';
import { COMMAND_NAMES, COMMANDS } from '../../shared/protocol/registry';
import { PROTOCOL_VERSION, protocolAccepted } from '../../shared/protocol/version';

/**
 * The shape of the wire: every command with its roles and payload schema, and every broadcast. When
 * it changes, a tab built before the change may misread the server: PROTOCOL_VERSION must move with it.
 */
function wireShape(): string {
  const commands = [...COMMAND_NAMES].sort().map((name) => ({
    name,
    roles: [...COMMANDS[name].roles].sort(),
    episode: COMMANDS[name].episode,
    payload: z.toJSONSchema(COMMANDS[name].schema, { unrepresentable: 'any', io: 'input' }),
  }));
  return createHash('sha256').update(JSON.stringify({ commands, broadcasts: Object.keys(BROADCASTS).sort() })).digest('hex').slice(0, 16);
}

/** The shape each version was released with. Add a line when the wire changes, with the version bumped. */
const RELEASED: Record<number, string> = {
  2: '22b64c46794bf1e3',
  // appeal:callBack (回访 of an on-air answer); reports:summary and reports:annual take `satisfaction`.
  3: 'ef6fa648418ead5f',
  // appeal:callBackList (the follow-up desk's list of appeals answered on air to call back).
  4: '862174074a54178d',
  // apiKey:create, apiKey:revoke, apiKey:list (keys for other systems calling /api/v1).
  5: '00c6d650d9793e48',
};

describe('the protocol version moves with the wire', () => {
  it('the current wire shape is the one released as the current version (bump PROTOCOL_VERSION in shared/protocol/version.ts when it changes)', () => {
    expect({ version: PROTOCOL_VERSION, shape: wireShape() }).toEqual({ version: PROTOCOL_VERSION, shape: RELEASED[PROTOCOL_VERSION] });
  });

  it('no two released versions share a shape, so a bump without a change is caught too', () => {
    const shapes = Object.values(RELEASED);
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it('the server accepts its own version and no version, and refuses any other', () => {
    expect(protocolAccepted({ protocol: PROTOCOL_VERSION })).toBe(true);
    expect(protocolAccepted({})).toBe(true);
    expect(protocolAccepted(undefined)).toBe(true);
    expect(protocolAccepted({ protocol: PROTOCOL_VERSION - 1 })).toBe(false);
    expect(protocolAccepted({ protocol: String(PROTOCOL_VERSION) })).toBe(false);
    expect(protocolAccepted({ protocol: PROTOCOL_VERSION }, PROTOCOL_VERSION + 1)).toBe(false);
  });
});
