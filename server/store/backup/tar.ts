import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/**
 * A minimal POSIX ustar writer and reader: regular files only, nothing else. Our own (about 150
 * lines) rather than a package: the archive must be readable by the operator's ordinary tools
 * (`tar -tzvf backup.tar.gz`, `tar -xzf`), and the reader must be strict in ways general tar
 * libraries are not (refuse links, devices, directories, PAX headers, a bad header checksum, a
 * missing end-of-archive), so that restore can say exactly why an archive is refused.
 */

const BLOCK = 512;
const ZERO_BLOCK = Buffer.alloc(BLOCK);

export class TarFormatError extends Error {}

function octal(value: number, width: number): string {
  // width - 1 digits and a NUL, as GNU and BSD tar write them.
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(path: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100 || Buffer.byteLength(path.slice(0, cut)) > 155) throw new TarFormatError(`path too long for ustar: ${path}`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  header.write(name, 0, 100, 'utf8');
  header.write(octal(0o600, 8), 100, 'ascii');
  header.write(octal(0, 8), 108, 'ascii');
  header.write(octal(0, 8), 116, 'ascii');
  header.write(octal(size, 12), 124, 'ascii');
  header.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  header.write('        ', 148, 'ascii');
  header.write('0', 156, 'ascii');
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  header.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return header;
}

/** Writes files into a stream (a gzip stream, then a file), waiting when it is full. */
export class TarWriter {
  bytes = 0;
  constructor(
    private readonly out: Writable,
    private readonly mtime: Date = new Date(),
  ) {}

  private async put(chunk: Buffer): Promise<void> {
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  /**
   * One regular file of exactly `size` bytes from `chunks`; returns its sha256. Fewer or more bytes
   * than announced is an error (the header is already written), so a caller never makes a lying entry.
   */
  async addFile(path: string, size: number, chunks: Iterable<Buffer> | AsyncIterable<Buffer>): Promise<string> {
    const hash = createHash('sha256');
    await this.put(tarHeader(path, size, this.mtime));
    let written = 0;
    for await (const chunk of chunks) {
      if (written + chunk.length > size) throw new TarFormatError(`${path}: more bytes than the ${size} announced`);
      hash.update(chunk);
      written += chunk.length;
      await this.put(chunk);
    }
    if (written !== size) throw new TarFormatError(`${path}: ${written} bytes instead of the ${size} announced`);
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) await this.put(Buffer.alloc(pad));
    return hash.digest('hex');
  }

  /** The end-of-archive marker: two zero blocks. */
  async finish(): Promise<void> {
    await this.put(Buffer.alloc(2 * BLOCK));
  }
}

export interface TarEntry {
  path: string;
  size: number;
}

/** Where one entry's body goes: each chunk in order, then end(). */
export interface EntrySink {
  write(chunk: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
}

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul === -1 ? length : nul).toString('utf8');
}

function parseHeader(header: Buffer, offset: number): TarEntry {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  const stored = parseInt(field(header, 148, 8).trim(), 8);
  if (stored !== sum) throw new TarFormatError(`字节 ${offset} 处的文件头校验和不符（不是完整的 tar 文件头）/ bad tar header checksum at byte ${offset}`);
  if (field(header, 257, 6) !== 'ustar') throw new TarFormatError(`字节 ${offset} 处不是 ustar 文件头 / not a ustar header at byte ${offset}`);
  const name = field(header, 0, 100);
  const prefix = field(header, 345, 155);
  const path = prefix ? `${prefix}/${name}` : name;
  const type = String.fromCharCode(header[156]);
  if (type !== '0' && type !== '\0') {
    const kinds: Record<string, string> = { '1': '硬链接 hard link', '2': '符号链接 symlink', '5': '目录 directory', '3': '设备 device', '4': '设备 device', '6': 'FIFO', x: 'PAX', g: 'PAX', L: 'GNU long name' };
    throw new TarFormatError(`归档里的「${path}」不是普通文件（${kinds[type] ?? `类型 ${type}`}），备份只含普通文件 / "${path}" is not a regular file`);
  }
  const sizeText = field(header, 124, 12).trim();
  if (!/^[0-7]+$/.test(sizeText)) throw new TarFormatError(`「${path}」的大小字段不对 / bad size field for "${path}"`);
  return { path, size: parseInt(sizeText, 8) };
}

/**
 * Read a tar stream entry by entry, strictly: every header's checksum, regular files only, and the
 * end-of-archive marker must be there (a cut archive is refused, not read as shorter).
 */
export async function readTar(source: AsyncIterable<Buffer>, visit: (entry: TarEntry) => Promise<EntrySink>): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let offset = 0; // archive bytes consumed before `pending`
  let sink: EntrySink | null = null;
  let bodyLeft = 0;
  let padLeft = 0;
  let zeroBlocks = 0;
  let ended = false;
  for await (const chunk of source) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length) {
      if (ended) {
        // Only zero padding may follow the end marker (tar pads to its record size).
        if (pending.some((byte) => byte !== 0)) throw new TarFormatError(`归档结束标记之后还有数据（字节 ${offset}）/ data after the end of the archive`);
        offset += pending.length;
        pending = Buffer.alloc(0);
        break;
      }
      if (sink) {
        const take = Math.min(bodyLeft, pending.length);
        if (take) await sink.write(pending.subarray(0, take));
        bodyLeft -= take;
        pending = pending.subarray(take);
        offset += take;
        if (bodyLeft === 0) {
          await sink.end();
          sink = null;
        }
        continue;
      }
      if (padLeft) {
        const take = Math.min(padLeft, pending.length);
        padLeft -= take;
        pending = pending.subarray(take);
        offset += take;
        continue;
      }
      if (pending.length < BLOCK) break;
      const header = pending.subarray(0, BLOCK);
      if (header.equals(ZERO_BLOCK)) {
        zeroBlocks++;
        if (zeroBlocks === 2) ended = true;
      } else {
        if (zeroBlocks) throw new TarFormatError(`字节 ${offset} 处有单个空块（不是结束标记）/ a lone zero block at byte ${offset}`);
        const entry = parseHeader(Buffer.from(header), offset);
        sink = await visit(entry);
        bodyLeft = entry.size;
        padLeft = (BLOCK - (entry.size % BLOCK)) % BLOCK;
        if (bodyLeft === 0) {
          await sink.end();
          sink = null;
        }
      }
      pending = pending.subarray(BLOCK);
      offset += BLOCK;
    }
  }
  if (sink || bodyLeft || padLeft || pending.length) throw new TarFormatError(`归档在字节 ${offset + pending.length} 处中断（文件不完整）/ the archive ends in the middle of a file`);
  if (!ended) throw new TarFormatError('归档缺少结束标记（文件不完整，可能被截断）/ no end-of-archive marker: the archive is cut short');
}
