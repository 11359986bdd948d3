import { readFile } from 'node:fs/promises';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { emit, options, runMain } from '../lib/childSide';
import { connectSocket, login, ok } from '../lib/productClient';

/**
 * Scenario 3 after the restart: every appeal whose create was acked must be in the episode exactly
 * once. Reads the episode back the way a screen does (admin login, `episode:sync` from nothing) and
 * checks each acked appeal id is in the appeal order once, and that no acked command was applied
 * twice (its commandId, carried in the summary, appears in one appeal only).
 */
runMain(async () => {
  const args = options();
  const acked: Array<{ commandId: string; appealId: string }> = JSON.parse(await readFile(args.ids, 'utf8'));
  const admin = await connectSocket(args.url, await login(args.url, 'admin', ADMIN_PASSWORD));
  const sync = await ok(admin, 'episode:sync', { episodeId: args.episode, sinceSeq: null }, 120_000);
  if (sync.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${sync.mode}`);
  const { appeals, appealOrder } = sync.snapshot as { appeals: Record<string, { id: string; summary: string }>; appealOrder: string[] };
  const timesInOrder = new Map<string, number>();
  for (const id of appealOrder) timesInOrder.set(id, (timesInOrder.get(id) ?? 0) + 1);
  const bySummaryToken = new Map<string, number>();
  for (const appeal of Object.values(appeals)) {
    const token = /(bench-[0-9a-f-]+)/.exec(appeal.summary)?.[1];
    if (token) bySummaryToken.set(token, (bySummaryToken.get(token) ?? 0) + 1);
  }
  let missing = 0;
  let duplicated = 0;
  for (const { commandId, appealId } of acked) {
    const times = timesInOrder.get(appealId) ?? 0;
    if (times === 0 || !appeals[appealId]) missing += 1;
    if (times > 1 || (bySummaryToken.get(commandId) ?? 0) > 1) duplicated += 1;
  }
  admin.disconnect();
  emit('result', { acked: acked.length, appealsInEpisode: appealOrder.length, missing, duplicated, durable: acked.length > 0 && missing === 0 && duplicated === 0 });
});
