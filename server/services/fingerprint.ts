import { hash } from 'node:crypto';

/**
 * A stable hash of a command and its validated payload without the commandId: the same id sent with
 * other content, or for another command (screen and putOnAir have the same payload), is refused.
 */
export function fingerprintOf(command: string, payload: object): string {
  const { commandId: _ignored, ...content } = payload as Record<string, unknown>;
  // One-shot hashing: a burst of intake pays for this on every command (see test/bench profiles).
  return hash('sha256', `${command}\n${stableJson(content)}`, 'base64url').slice(0, 22);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
