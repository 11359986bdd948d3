/**
 * A one-line progress bar on stderr, hand-written (about forty lines) rather than a dependency: the
 * tools need one bar, ASCII only (box and block characters are ambiguous-width and misalign in CJK
 * terminals), redrawn in place on a terminal and written as occasional plain lines into a log or a
 * pipe, so CI logs and test output stay short.
 */
import { displayWidth } from './terminalTable';

function clip(line: string, columns: number): string {
  if (displayWidth(line) <= columns) return line;
  let out = '';
  for (const char of line) {
    if (displayWidth(out + char) > columns) break;
    out += char;
  }
  return out;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export class ProgressBar {
  private lastDraw = 0;
  private lastLine = 0;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly stream: ProgressStream = process.stderr,
    /** Plain lines (not a terminal): at most one every this many ms. */
    private readonly lineEveryMs = 5_000,
  ) {}

  /** Seconds since the bar was made. */
  get elapsed(): number {
    return (Date.now() - this.started) / 1000;
  }

  setTotal(total: number): void {
    this.total = total;
  }

  /** Show `done` of the total, with a short note after the bar (rate, current date…). Throttled. */
  update(done: number, note = '', force = false): void {
    const now = Date.now();
    if (this.stream.isTTY) {
      if (!force && now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = Math.max(10, Math.min(30, (this.stream.columns ?? 80) - 60));
      const share = this.total > 0 ? Math.min(1, done / this.total) : 1;
      const filled = Math.round(share * width);
      const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
      // Never wider than the terminal: a wrapped line cannot be redrawn in place.
      this.stream.write(`\r\x1b[K${clip(`${this.label} ${bar} ${done}/${this.total} ${note}`, (this.stream.columns ?? 80) - 1)}`);
      this.drawn = true;
    } else if (force || now - this.lastLine >= this.lineEveryMs) {
      this.lastLine = now;
      this.stream.write(`${this.label} ${done}/${this.total} ${note}\n`);
    }
  }

  /** The final state, always shown, then a new line. */
  finish(done: number, note = ''): void {
    this.update(done, note, true);
    if (this.stream.isTTY && this.drawn) this.stream.write('\n');
  }
}
