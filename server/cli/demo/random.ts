/**
 * A small seeded PRNG (sfc32, seeded through a string hash), so the same command makes the same
 * year: same volumes, same callers, same outcomes. Math.random is never used by the generator.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    const [a, b, c, d] = hash128(seed);
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A new independent stream for a sub-part (an episode, an appeal): order of use elsewhere does not matter. */
  fork(...keys: Array<string | number>): Random {
    return new Random(`${this.a}:${this.b}:${this.c}:${this.d}/${keys.join('/')}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(items: readonly T[], weight: (item: T) => number): T {
    const total = items.reduce((sum, item) => sum + weight(item), 0);
    let r = this.next() * total;
    for (const item of items) {
      r -= weight(item);
      if (r < 0) return item;
    }
    return items[items.length - 1];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/**
 * Split `total` into whole parts proportional to `weights` (largest remainder), each at least
 * `min` and at most `caps[i]` when caps are given. The parts always add up to `total` exactly
 * when the bounds allow it.
 */
export function apportion(total: number, weights: number[], min = 0, caps?: number[]): number[] {
  const n = weights.length;
  const parts = new Array<number>(n).fill(min);
  let left = total - min * n;
  if (left < 0) throw new Error(`apportion: ${total} cannot give ${n} parts at least ${min}`);
  const cap = (i: number) => caps?.[i] ?? Infinity;
  // Repeat: share what is left among the parts still below their cap.
  for (let round = 0; left > 0 && round < 50; round++) {
    const open = weights.map((w, i) => (parts[i] < cap(i) ? w : 0));
    const sum = open.reduce((a, b) => a + b, 0);
    if (sum <= 0) break;
    const exact = open.map((w) => (w / sum) * left);
    const whole = exact.map((x, i) => Math.min(Math.floor(x), cap(i) - parts[i]));
    whole.forEach((w, i) => (parts[i] += w));
    left -= whole.reduce((a, b) => a + b, 0);
    const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
    for (const { i } of order) {
      if (left <= 0) break;
      if (open[i] > 0 && parts[i] < cap(i)) {
        parts[i]++;
        left--;
      }
    }
  }
  if (left > 0) throw new Error(`apportion: caps leave ${left} of ${total} unplaced`);
  return parts;
}
