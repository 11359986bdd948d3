import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { hashPool } from './hashPool';

// scrypt with N=2^15, r=8, p=1 (~32 MiB, tens of ms): OWASP's minimum for scrypt, and no native addon to build.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions, bounded = false): Promise<Buffer> {
  return hashPool.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
      ),
    bounded,
  );
}

/** Hash a password for storage as `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Check a password against a stored hash in constant time. A malformed hash never matches. Waits
 * its turn in the hash pool; a full queue rejects with BUSY (a login, not a wrong password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, true);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A readable random password for printed demo and bootstrap accounts (no 0/O/1/l to misread). It
 * always holds a lowercase letter, an uppercase letter and a digit, so it passes the password policy.
 */
export function generatePassword(length = 14): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  for (;;) {
    const bytes = randomBytes(length);
    const password = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    if (length < 3 || (/[a-z]/.test(password) && /[A-Z]/.test(password) && /[2-9]/.test(password))) return password;
  }
}
