import { createChallenge, solveChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJSON, PowVerifier } from '../../server/services/powVerifier';

/**
 * The synchronous ALTCHA check (server/services/powVerifier.ts) against altcha-lib itself: a
 * solution made by altcha-lib's createChallenge + solveChallenge verifies, and every tampered or
 * expired one is refused, by altcha-lib's verifySolution as by ours (the cases are checked against
 * altcha-lib first, so a case that altcha-lib would accept cannot pass for a refusal here).
 */
const SECRET = 'test-hmac-secret-签名';
const KEY_SECRET = 'test-key-signature-secret';
const verifier = new PowVerifier(SECRET, KEY_SECRET);

interface Solved {
  challenge: Challenge;
  solution: Solution;
}

async function solved(options: { expiresAt?: Date; secret?: string; keySecret?: string; counter?: number | null } = {}): Promise<Solved> {
  const challenge = await createChallenge({
    algorithm: 'PBKDF2/SHA-256',
    cost: 5,
    counter: options.counter === null ? undefined : (options.counter ?? 7 + Math.floor(Math.random() * 20)),
    deriveKey,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 10 * 60_000),
    hmacSignatureSecret: options.secret ?? SECRET,
    hmacKeySignatureSecret: options.keySecret ?? KEY_SECRET,
  });
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 30_000 });
  if (!solution) throw new Error('not solved');
  return { challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution };
}

/** The payload as the page's worker sends it. */
const payloadOf = ({ challenge, solution }: Solved) => Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');

async function altchaLibVerifies({ challenge, solution }: Solved): Promise<boolean> {
  try {
    const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: SECRET, hmacKeySignatureSecret: KEY_SECRET });
    return result.verified;
  } catch {
    return false;
  }
}

const ours = (s: Solved, now = Date.now()) => verifier.verifyPayload(payloadOf(s), now);

/** A copy with one change (the originals are never touched). */
function tampered(s: Solved, change: (copy: { challenge: any; solution: any }) => void): Solved {
  const copy = structuredClone(s) as { challenge: any; solution: any };
  change(copy);
  return copy as Solved;
}

/** One hex character changed at `at` (negative: from the end). */
const flipHex = (hex: string, at = 0) => {
  const i = at < 0 ? hex.length + at : at;
  return hex.slice(0, i) + (hex[i] === '0' ? '1' : '0') + hex.slice(i + 1);
};

describe('the synchronous ALTCHA verifier matches altcha-lib', () => {
  let good: Solved;
  beforeAll(async () => {
    good = await solved();
  });

  it('verifies a solution made by altcha-lib, as altcha-lib does', async () => {
    expect(await altchaLibVerifies(good)).toBe(true);
    const check = ours(good);
    expect(check).toEqual({ ok: true, signature: good.challenge.signature, expiresAtMs: good.challenge.parameters.expiresAt! * 1000 });
    // Several fresh ones (other counters, salts, nonces).
    for (let i = 0; i < 5; i++) expect(ours(await solved()).ok).toBe(true);
  });

  it('signs what altcha-lib signs: the parameters in canonical JSON, whatever order the page sends them in', async () => {
    const reordered = tampered(good, (c) => {
      c.challenge.parameters = Object.fromEntries(Object.entries(c.challenge.parameters).reverse());
    });
    expect(await altchaLibVerifies(reordered)).toBe(true);
    expect(ours(reordered).ok).toBe(true);
    expect(canonicalJSON({ b: 1, a: { d: undefined, c: [2, { z: 1, y: 2 }] } })).toBe('{"a":{"c":[2,{"z":1,"y":2}]},"b":1}');
  });

  const cases: Array<[string, (copy: { challenge: any; solution: any }) => void, string]> = [
    ['salt changed', (c) => (c.challenge.parameters.salt = flipHex(c.challenge.parameters.salt)), 'signature'],
    ['nonce changed', (c) => (c.challenge.parameters.nonce = flipHex(c.challenge.parameters.nonce, -1)), 'signature'],
    ['key prefix changed', (c) => (c.challenge.parameters.keyPrefix = flipHex(c.challenge.parameters.keyPrefix)), 'signature'],
    ['cost lowered', (c) => (c.challenge.parameters.cost = 1), 'signature'],
    ['expiry pushed back', (c) => (c.challenge.parameters.expiresAt += 3600), 'signature'],
    ['key signature swapped', (c) => (c.challenge.parameters.keySignature = flipHex(c.challenge.parameters.keySignature)), 'signature'],
    ['a parameter added', (c) => (c.challenge.parameters.data = { who: 'me' }), 'signature'],
    ['signature changed', (c) => (c.challenge.signature = flipHex(c.challenge.signature, 5)), 'signature'],
    ['signature in upper case', (c) => (c.challenge.signature = c.challenge.signature.toUpperCase()), 'signature'],
    ['signature cut short', (c) => (c.challenge.signature = c.challenge.signature.slice(0, 62)), 'signature'],
    ['derived key changed (another number than the one worked out)', (c) => (c.solution.derivedKey = flipHex(c.solution.derivedKey, -3)), 'solution'],
    ['derived key in upper case', (c) => (c.solution.derivedKey = c.solution.derivedKey.toUpperCase()), 'solution'],
    ['derived key of half a byte', (c) => (c.solution.derivedKey = c.solution.derivedKey.slice(0, -1)), 'solution'],
    ['derived key missing', (c) => delete c.solution.derivedKey, 'solution'],
    ['counter negative', (c) => (c.solution.counter = -1), 'solution'],
    ['counter not an integer', (c) => (c.solution.counter = 1.5), 'solution'],
    ['counter past 2^32 - 1', (c) => (c.solution.counter = 2 ** 32), 'solution'],
    ['counter a string', (c) => (c.solution.counter = '7'), 'solution'],
    ['no solution', (c) => delete c.solution, 'solution'],
  ];
  it.each(cases)('refuses a solution with the %s, as altcha-lib does', async (_label, change, reason) => {
    const bad = tampered(good, change);
    expect(await altchaLibVerifies(bad)).toBe(false);
    expect(ours(bad)).toEqual({ ok: false, reason });
  });

  it('refuses a signature missing, and payloads that are not one', async () => {
    const unsigned = tampered(good, (c) => delete c.challenge.signature);
    expect(await altchaLibVerifies(unsigned)).toBe(false);
    expect(ours(unsigned).ok).toBe(false);
    for (const payload of ['', 'not base64 json', Buffer.from('null').toString('base64'), Buffer.from('[1]').toString('base64'), Buffer.from('{"challenge":{"parameters":{},"signature":"x"},"solution":{"counter":1,"derivedKey":"00"}}').toString('base64')]) {
      expect(verifier.verifyPayload(payload, Date.now()).ok, payload).toBe(false);
    }
  });

  it('refuses an expired challenge, and one signed with other secrets', async () => {
    const soon = await solved({ expiresAt: new Date(Date.now() + 60_000) });
    expect(ours(soon).ok).toBe(true);
    // The same solution two minutes later.
    expect(ours(soon, Date.now() + 120_000)).toEqual({ ok: false, reason: 'expired' });
    const past = await solved({ expiresAt: new Date(Date.now() - 5_000) });
    expect(await altchaLibVerifies(past)).toBe(false);
    expect(ours(past)).toEqual({ ok: false, reason: 'expired' });

    const otherServer = await solved({ secret: 'another-secret' });
    expect(await altchaLibVerifies(otherServer)).toBe(false);
    expect(ours(otherServer)).toEqual({ ok: false, reason: 'signature' });
    const otherKeySecret = await solved({ keySecret: 'another-key-secret' });
    expect(await altchaLibVerifies(otherKeySecret)).toBe(false);
    expect(ours(otherKeySecret)).toEqual({ ok: false, reason: 'solution' });
  });

  it('refuses a challenge without a key signature (this server never makes one: it cannot be ours)', async () => {
    const noKeySignature = await solved({ counter: null });
    expect(noKeySignature.challenge.parameters.keySignature).toBeUndefined();
    expect(ours(noKeySignature)).toEqual({ ok: false, reason: 'solution' });
  });
});
