import { createHash, randomBytes } from 'node:crypto';

/** A long random secret for a session cookie or a display link key (256 bits). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a secret: its sha256, so the data folder does not hold live credentials. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
