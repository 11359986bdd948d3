import type { Ack } from '../../shared/protocol/events';
import type { AppSocket } from './types';

/**
 * An ack whose JSON was written once and is shared by every socket that gets it: N big screens
 * asking for the same snapshot cost one `JSON.stringify` (tens of milliseconds for a large episode),
 * and the packets queued for a socket that does not read are small strings pointing at the shared
 * text instead of N copies of it.
 *
 * Socket.IO has no public way to answer an ack with pre-encoded data (broadcasts have one, acks do
 * not), so `sendEncodedAcks` wraps the socket's `packet` method: an ACK carrying an EncodedReply is
 * written as the Socket.IO protocol's own text (`3<id>[<json>]`) with the `preEncoded` option the
 * adapters use. Should that internal ever be missing, the reply is still correct: `toJSON` makes the
 * normal encoder produce the same envelope, only without the sharing.
 */
export class EncodedReply {
  constructor(
    /** The envelope as an object, for the fallback and for in-process readers. */
    readonly envelope: Ack<unknown>,
    /** `JSON.stringify(envelope)`, computed once. */
    readonly json: string,
  ) {}

  private tail: Buffer | null = null;

  /** `<json>]` as UTF-8, made once: the shared body of every WebSocket frame that carries this reply. */
  frameTail(): Buffer {
    this.tail ??= Buffer.from(`${this.json}]`);
    return this.tail;
  }

  static of(data: unknown): EncodedReply {
    const envelope: Ack<unknown> = { ok: true, data };
    return new EncodedReply(envelope, JSON.stringify(envelope));
  }

  toJSON(): Ack<unknown> {
    return this.envelope;
  }
}

/** Socket.IO protocol v5 packet type of an ack (socket.io-parser's PacketType.ACK). */
const ACK = 3;

interface PacketWriter {
  packet(packet: { type: number; id?: number; data?: unknown[]; nsp?: string }, opts?: Record<string, unknown>): void;
  client: { _packet?: (packet: unknown, opts: Record<string, unknown>) => void };
  nsp: { name: string };
}

/** Let this socket's acks carry an EncodedReply as the shared text. */
export function sendEncodedAcks(socket: AppSocket): void {
  const writer = socket as unknown as PacketWriter;
  const original = writer.packet;
  const write = writer.client._packet;
  if (typeof original !== 'function' || typeof write !== 'function') return;
  writer.packet = function (packet, opts = {}) {
    const reply = packet.data?.[0];
    if (packet.type !== ACK || packet.id === undefined || !(reply instanceof EncodedReply) || packet.data!.length !== 1) {
      return original.call(this, packet, opts);
    }
    const head = `${ACK}${writer.nsp.name === '/' ? '' : `${writer.nsp.name},`}${packet.id}[`;
    // For WebSocket, the frame is a small head of its own and the shared UTF-8 body, the way
    // socket.io's adapter pre-encodes broadcasts (engine.io's `wsPreEncodedFrame`): nothing of the
    // snapshot is copied per socket. The string (a rope over the shared JSON, not a copy) serves
    // HTTP long-polling.
    const wsPreEncodedFrame = frameOf(head, reply.frameTail());
    write.call(writer.client, [`${head}${reply.json}]`], { ...opts, compress: opts.compress !== false, preEncoded: true, wsPreEncodedFrame });
  };
}

/** An unmasked, final text frame (RFC 6455 §5.2) of engine.io's message `4` + `head` + `tail`, as two buffers. */
function frameOf(head: string, tail: Buffer): [Buffer, Buffer] {
  const start = Buffer.from(`4${head}`);
  const length = start.length + tail.length;
  const size = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const header = Buffer.alloc(size);
  header[0] = 0x81; // FIN, opcode 1 (text)
  if (size === 2) header[1] = length;
  else if (size === 4) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return [Buffer.concat([header, start]), tail];
}
