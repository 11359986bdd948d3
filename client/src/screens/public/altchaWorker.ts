/// <reference lib="webworker" />
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

/**
 * Solves the page's ALTCHA challenge (PBKDF2/SHA-256 with Web Crypto) off the main thread, so the
 * form stays responsive on a phone. Answers with the base64 payload the server verifies, or null.
 * A same-origin module worker: the page's Content-Security-Policy ('self') needs no change.
 */
self.onmessage = async (event: MessageEvent<Challenge>) => {
  const challenge = event.data;
  try {
    const solution = await solveChallenge({ challenge, deriveKey, timeout: 120_000 });
    const payload = solution ? btoa(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })) : null;
    (self as unknown as Worker).postMessage(payload);
  } catch {
    (self as unknown as Worker).postMessage(null);
  }
};
