/**
 * The version of what travels on the socket: the commands, their payloads and results, and the
 * broadcasts. A tab states the version it was built with when it connects; a tab built for another
 * version (left open across an upgrade) is refused at the handshake and told to reload, instead of
 * meeting validation errors in the middle of a show. Bump it whenever the registry or a broadcast
 * changes shape: test/shared/protocolVersion.test.ts fails until it is bumped.
 */
export const PROTOCOL_VERSION = 5;

/** Why the handshake was refused: the client matches on it. */
export const PROTOCOL_OUTDATED = 'PROTOCOL_OUTDATED';

/** Read the version a client stated at connect; `undefined` when it stated none (a script, a tool). */
export function statedProtocol(auth: unknown): number | null | undefined {
  if (typeof auth !== 'object' || auth === null || !('protocol' in auth)) return undefined;
  return typeof auth.protocol === 'number' && Number.isInteger(auth.protocol) ? auth.protocol : null;
}

/**
 * Whether a connection may go on. A client that states no version is let in (scripts and tools talk
 * to the current protocol at their own risk); one that states another version, or a malformed one,
 * is refused.
 */
export function protocolAccepted(auth: unknown, spoken: number = PROTOCOL_VERSION): boolean {
  const stated = statedProtocol(auth);
  return stated === undefined || stated === spoken;
}
