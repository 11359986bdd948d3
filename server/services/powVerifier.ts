import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * The server's check of an ALTCHA v2 proof-of-work (the public message page), synchronous and with
 * node:crypto: two HMAC-SHA-256 over a few hundred bytes, about 20 µs, where altcha-lib's
 * `verifySolution` (Web Crypto: a key import and an async sign per HMAC, a promise chain per message)
 * cost about 1.6 ms of CPU per message under load.
 *
 * The same checks as altcha-lib 2.x `verifySolution` (node_modules/altcha-lib/dist/esm/v2/pow.js) for
 * the challenges this server makes (`createChallenge` in deterministic mode: `counter` given, so the
 * derived key is signed as `keySignature`; HMAC SHA-256, the default):
 * 1. expiry: `parameters.expiresAt` (seconds) must not be before now. Stricter than altcha-lib: a
 *    challenge without `expiresAt` is refused (every challenge of ours has one);
 * 2. the challenge's signature: lowercase hex of HMAC(hmacKey, canonical JSON of `parameters`), the
 *    keys sorted recursively and undefined values left out, as altcha-lib's `canonicalJSON`;
 * 3. the solution's form: `derivedKey` lowercase hex of whole bytes, `counter` an integer 0…2^32−1;
 * 4. the derived key: HMAC(keySignatureSecret, the key's bytes) in lowercase hex equals the signed
 *    `parameters.keySignature`. A challenge without `keySignature` is refused: altcha-lib would
 *    re-derive the key (PBKDF2) for it, but this server never signs one, so it cannot be ours.
 * Spent challenges (a solution used for a second message) are the caller's to remember: the result
 * gives the signature to remember it by, and until when.
 */
export type ProofCheck =
  | { ok: true; signature: string; expiresAtMs: number }
  | { ok: false; reason: 'malformed' | 'expired' | 'signature' | 'solution' };

/** The largest counter the v2 'uint32' mode encodes. */
const MAX_COUNTER = 0xffffffff;
const HEX_BYTES = /^(?:[0-9a-f]{2})+$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export class PowVerifier {
  private readonly signatureKey: KeyObject;
  private readonly keySignatureKey: KeyObject;

  constructor(hmacSignatureSecret: string, hmacKeySignatureSecret: string) {
    if (!hmacSignatureSecret || !hmacKeySignatureSecret) throw new Error('PowVerifier needs both secrets');
    // altcha-lib encodes the secrets with TextEncoder (UTF-8), as Node does a string key.
    this.signatureKey = createSecretKey(Buffer.from(hmacSignatureSecret, 'utf8'));
    this.keySignatureKey = createSecretKey(Buffer.from(hmacKeySignatureSecret, 'utf8'));
  }

  /** The payload as the page sends it: base64 of `{ challenge: { parameters, signature }, solution: { counter, derivedKey } }`. */
  verifyPayload(payload: string, nowMs: number): ProofCheck {
    let decoded: unknown;
    try {
      decoded = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    if (!isObject(decoded)) return { ok: false, reason: 'malformed' };
    return this.verify(decoded.challenge, decoded.solution, nowMs);
  }

  verify(challenge: unknown, solution: unknown, nowMs: number): ProofCheck {
    if (!isObject(challenge) || !isObject(challenge.parameters) || typeof challenge.signature !== 'string') return { ok: false, reason: 'malformed' };
    const parameters = challenge.parameters;
    const signature = challenge.signature;
    // 1. Expiry (before the signature, as altcha-lib: it is signed, so a changed one fails there anyway).
    const expiresAt = parameters.expiresAt;
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt) || expiresAt <= 0) return { ok: false, reason: 'malformed' };
    if (expiresAt < nowMs / 1000) return { ok: false, reason: 'expired' };
    // 2. The challenge is ours and unchanged.
    if (!SHA256_HEX.test(signature)) return { ok: false, reason: 'signature' };
    const expected = createHmac('sha256', this.signatureKey).update(canonicalJSON(parameters), 'utf8').digest();
    if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, reason: 'signature' };
    // 3. The solution's form.
    if (!isObject(solution)) return { ok: false, reason: 'solution' };
    const { counter, derivedKey } = solution;
    if (typeof derivedKey !== 'string' || !HEX_BYTES.test(derivedKey)) return { ok: false, reason: 'solution' };
    if (typeof counter !== 'number' || !Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) return { ok: false, reason: 'solution' };
    // 4. The derived key is the one signed when the challenge was made.
    const keySignature = parameters.keySignature;
    if (typeof keySignature !== 'string' || !SHA256_HEX.test(keySignature)) return { ok: false, reason: 'solution' };
    const keyCheck = createHmac('sha256', this.keySignatureKey).update(Buffer.from(derivedKey, 'hex')).digest();
    if (!timingSafeEqual(keyCheck, Buffer.from(keySignature, 'hex'))) return { ok: false, reason: 'solution' };
    return { ok: true, signature, expiresAtMs: expiresAt * 1000 };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * altcha-lib's `sortKeys`: object keys sorted (recursively; arrays as they are), undefined values
 * left out, `Object.fromEntries` so that a `__proto__` key stays an own property and is signed.
 */
function sortKeys(value: unknown): unknown {
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .flatMap((key) => (value[key] === undefined ? [] : [[key, sortKeys(value[key])]])),
  );
}

/** altcha-lib's `canonicalJSON`: what the challenge signature is an HMAC of. */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
