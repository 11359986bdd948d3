import { readFile } from 'node:fs/promises';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { emit, options, runMain } from '../lib/childSide';
import { connectSocket, login, ok } from '../lib/productClient';

/**
 * The 市长上线 scenario after the SIGKILL and restart (scenarios/messages.ts), through the product's
 * own doors only:
 * - every message that got a receipt (`--messages FILE`: `{ phone, text, receipt }`) is in the episode
 *   exactly once: read back as a screen does (admin login, `episode:sync` from nothing), the online
 *   appeals with that phone (every phone is distinct) number one, it is in the appeal order once, and
 *   its text is the one sent;
 * - its receipt still answers: `POST /api/public/receipts` with the code and the phone's last four
 *   digits gives a status (the citizen's own check; the server's lookup limits are raised for this);
 * - every operator appeal whose create was acked (`--appeals FILE`: `{ commandId, appealId }`) is there
 *   once, as in processes/durabilityCheck.ts.
 */
runMain(async () => {
  const args = options();
  const messages: Array<{ phone: string; text: string; receipt: string }> = JSON.parse(await readFile(args.messages, 'utf8'));
  const operatorAppeals: Array<{ commandId: string; appealId: string }> = JSON.parse(await readFile(args.appeals, 'utf8'));
  const admin = await connectSocket(args.url, await login(args.url, 'admin', ADMIN_PASSWORD));
  const sync = await ok(admin, 'episode:sync', { episodeId: args.episode, sinceSeq: null }, 120_000);
  if (sync.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${sync.mode}`);
  const { appeals, appealOrder } = sync.snapshot as {
    appeals: Record<string, { id: string; channel: string; summary: string; caller: { phone: string } }>;
    appealOrder: string[];
  };
  admin.disconnect();
  const timesInOrder = new Map<string, number>();
  for (const id of appealOrder) timesInOrder.set(id, (timesInOrder.get(id) ?? 0) + 1);

  // Messages: by phone (the bench's phones are distinct, so one phone = one message).
  const online = Object.values(appeals).filter((a) => a.channel === 'online');
  const byPhone = new Map<string, typeof online>();
  for (const appeal of online) byPhone.set(appeal.caller.phone, [...(byPhone.get(appeal.caller.phone) ?? []), appeal]);
  let missing = 0;
  let duplicated = 0;
  let wrongText = 0;
  for (const message of messages) {
    const stored = byPhone.get(message.phone) ?? [];
    if (stored.length === 0) missing += 1;
    else if (stored.length > 1 || (timesInOrder.get(stored[0].id) ?? 0) !== 1) duplicated += 1;
    else if (stored[0].summary.trim() !== message.text.trim()) wrongText += 1;
  }
  const ackedPhones = new Set(messages.map((m) => m.phone));
  const storedUnacked = online.filter((a) => !ackedPhones.has(a.caller.phone)).length;

  // Receipts: the citizen's lookup, a few at a time.
  let receiptsFailed = 0;
  let firstReceiptFailure: unknown = null;
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < messages.length) {
        const message = messages[next++];
        const response = await fetch(`${args.url}/api/public/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code: message.receipt, last4: message.phone.slice(-4) }),
        });
        const body = await response.json();
        if (response.status !== 200 || !body.ok) {
          receiptsFailed += 1;
          firstReceiptFailure ??= { status: response.status, body };
        }
      }
    }),
  );

  // Operator appeals, as processes/durabilityCheck.ts checks them.
  const bySummaryToken = new Map<string, number>();
  for (const appeal of Object.values(appeals)) {
    const token = /(bench-[0-9a-f-]+)/.exec(appeal.summary)?.[1];
    if (token) bySummaryToken.set(token, (bySummaryToken.get(token) ?? 0) + 1);
  }
  let appealsMissing = 0;
  let appealsDuplicated = 0;
  for (const { commandId, appealId } of operatorAppeals) {
    const times = timesInOrder.get(appealId) ?? 0;
    if (times === 0 || !appeals[appealId]) appealsMissing += 1;
    if (times > 1 || (bySummaryToken.get(commandId) ?? 0) > 1) appealsDuplicated += 1;
  }

  emit('result', {
    messages: { acked: messages.length, onlineInEpisode: online.length, missing, duplicated, wrongText, storedUnacked, receiptsFailed, firstReceiptFailure },
    operatorAppeals: { acked: operatorAppeals.length, missing: appealsMissing, duplicated: appealsDuplicated },
    appealsInEpisode: appealOrder.length,
    durable: messages.length > 0 && missing + duplicated + wrongText + receiptsFailed + appealsMissing + appealsDuplicated === 0,
  });
});
