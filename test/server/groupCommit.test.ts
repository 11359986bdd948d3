import { describe, expect, it } from 'vitest';
import { GroupCommit } from '../../server/services/groupCommit';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('GroupCommit', () => {
  it('releases no change before the write that covers it has finished', async () => {
    const writes: Array<ReturnType<typeof deferred>> = [];
    const commit = new GroupCommit(() => {
      const d = deferred();
      writes.push(d);
      return d.promise;
    }, async () => undefined);
    let released = false;
    void commit.whenDurable(commit.markChanged()).then(() => (released = true));
    await new Promise((r) => setImmediate(r));
    expect(writes).toHaveLength(1);
    expect(released).toBe(false);
    writes[0].resolve();
    await new Promise((r) => setImmediate(r));
    expect(released).toBe(true);
  });

  it('lets a burst of changes share a few writes instead of one write each', async () => {
    let writes = 0;
    const commit = new GroupCommit(async () => {
      writes += 1;
      await new Promise((r) => setTimeout(r, 5));
    }, async () => undefined);
    const all: Promise<void>[] = [];
    for (let i = 0; i < 50; i++) {
      all.push(commit.whenDurable(commit.markChanged()));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(all);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(writes).toBeLessThanOrEqual(10);
    expect(commit.idle).toBe(true);
  });

  it('rejects every waiting change when a write fails, after memory has been put back', async () => {
    const order: string[] = [];
    let fail = true;
    const commit = new GroupCommit(
      async () => {
        await new Promise((r) => setTimeout(r, 2));
        if (fail) throw new Error('ENOSPC');
      },
      async () => {
        order.push('recovered');
      },
    );
    const first = commit.whenDurable(commit.markChanged()).catch((e) => order.push(`rejected:${e.message}`));
    const second = commit.whenDurable(commit.markChanged()).catch((e) => order.push(`rejected:${e.message}`));
    await Promise.all([first, second]);
    expect(order).toEqual(['recovered', 'rejected:ENOSPC', 'rejected:ENOSPC']);
    fail = false;
    await expect(commit.whenDurable(commit.markChanged())).resolves.toBeUndefined();
  });
});
