import { episodeHeading } from '../../shared/domain/episodeHeading';
import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { createChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Logger } from 'pino';
import { activeCategoryNames, categoryProblem } from '../../shared/domain/categories';
import { DomainError } from '../../shared/domain/errors';
import {
  acceptsOnlineMessages,
  currentProgramme,
  dedupeKey,
  DUPLICATE_WINDOW_MINUTES,
  MESSAGE_STATUS_LABELS,
  messageStatusOf,
  normaliseReceiptCode,
  ONLINE_MESSAGE_REFUSALS,
  phoneLastFour,
  receiptCodeFromDigest,
} from '../../shared/domain/onlineMessages';
import type { Actor, Appeal } from '../../shared/domain/types';
import {
  describeMessageProblems,
  MESSAGE_FIELD_MESSAGES,
  PublicMessageBody,
  ReceiptLookupBody,
  type MessageFormData,
  type MessageReceipt,
  type MessageRefusal,
  type PublicMessageEpisode,
  type ReceiptStatus,
} from '../../shared/protocol/publicMessage';
import { WindowLimiter } from '../auth/loginThrottle';
import type { CatalogueService } from './catalogueService';
import type { Clock } from './clock';
import { DuplicateIndex } from './duplicateIndex';
import { PowVerifier } from './powVerifier';
import type { StudioService } from './studioService';

/**
 * The public message page's server side: the ALTCHA proof-of-work, the limits (per address, per
 * phone, lookups per address: in memory and bounded, like the login throttles: a restart forgets
 * them), duplicates, and receipts. The message itself is recorded by StudioService.receiveOnlineMessage
 * through the episode's ledger, so the receipt is answered only once it is on disk.
 */
export interface OnlineMessageOptions {
  /** HMAC secret signing the challenges (ALTCHA_HMAC_KEY); generated at start when absent, so a restart voids open challenges. */
  hmacKey: string;
  /** PBKDF2 iterations per attempt, and the highest counter the browser may have to reach (the work is about cost × counter / 2… counter). */
  altchaCost: number;
  altchaMaxCounter: number;
  challengeTtlMs: number;
  /** Messages sent (stored or refused after the proof-of-work) per address, per window. */
  perIp: { limit: number; windowMs: number };
  /** Messages stored per phone number, per window. */
  perPhone: { limit: number; windowMs: number };
  /** Receipt lookups per address, and failed ones (unknown code or wrong digits), per window. */
  lookupsPerIp: { limit: number; windowMs: number };
  failedLookupsPerIp: { limit: number; windowMs: number };
  challengesPerIp: { limit: number; windowMs: number };
  duplicateWindowMinutes: number;
}

const MINUTE = 60_000;

/** Settings from the environment (all optional), over the defaults. */
export function onlineMessageOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): OnlineMessageOptions {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    hmacKey: env.ALTCHA_HMAC_KEY || randomBytes(32).toString('base64url'),
    altchaCost: num('ALTCHA_COST', 1000),
    altchaMaxCounter: num('ALTCHA_MAX_COUNTER', 3000),
    challengeTtlMs: 10 * MINUTE,
    perIp: { limit: num('MESSAGES_PER_IP', 20), windowMs: 10 * MINUTE },
    perPhone: { limit: num('MESSAGES_PER_PHONE', 3), windowMs: 60 * MINUTE },
    lookupsPerIp: { limit: num('RECEIPT_LOOKUPS_PER_IP', 60), windowMs: 15 * MINUTE },
    failedLookupsPerIp: { limit: num('RECEIPT_FAILED_LOOKUPS_PER_IP', 10), windowMs: 15 * MINUTE },
    challengesPerIp: { limit: num('ALTCHA_CHALLENGES_PER_IP', 60), windowMs: 10 * MINUTE },
    duplicateWindowMinutes: num('MESSAGE_DUPLICATE_MINUTES', DUPLICATE_WINDOW_MINUTES),
  };
}

/** Who the ledger records as the author of a message: the citizen through the public page, not a crew account. */
const CITIZEN: Actor = { accountId: 'citizen', name: '市民网络留言', role: 'operator' };
const COMMAND = 'onlineMessage:receive';
/** Solved challenges remembered until they expire, so one solution cannot send many messages. */
const MAX_USED_CHALLENGES = 200_000;

export type Answer<T> = { status: number; body: { ok: true; data: T } | { ok: false; error: MessageRefusal }; retryAfterMs?: number };

const refusal = (status: number, code: string, message: string, fields?: MessageRefusal['fields'], retryAfterMs?: number): Answer<never> => ({
  status,
  body: { ok: false, error: fields ? { code, message, fields } : { code, message } },
  retryAfterMs,
});

const minutes = (ms: number) => Math.max(1, Math.ceil(ms / MINUTE));

export class OnlineMessages {
  private readonly perIp: WindowLimiter;
  private readonly perPhone: WindowLimiter;
  private readonly lookups: WindowLimiter;
  private readonly failedLookups: WindowLimiter;
  private readonly challenges: WindowLimiter;
  private readonly keySecret: string;
  /** The ALTCHA check: synchronous, two HMACs (powVerifier.ts). */
  private readonly verifier: PowVerifier;
  /** Online messages by phone, per episode: the duplicate check without a scan of the episode (duplicateIndex.ts). */
  private readonly duplicates: DuplicateIndex;
  /** Solved challenges (by signature) → the message they were spent on, until they expire (oldest first). */
  private readonly used = new Map<string, { key: string; expiresAt: number }>();
  /** Messages on their way to the disk, by dedupe key: the same message sent twice at once waits for the first. */
  private readonly inFlight = new Map<string, Promise<Answer<MessageReceipt>>>();
  /** Receipt code → where the message is; built on first lookup from every episode, then kept by the studio's durable events. */
  private receipts: Map<string, { episodeId: string; appealId: string }> | null = null;

  constructor(
    private readonly studio: StudioService,
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly options: OnlineMessageOptions = onlineMessageOptionsFromEnv(),
  ) {
    const now = () => this.clock.now().getTime();
    this.perIp = new WindowLimiter(options.perIp.limit, options.perIp.windowMs, now);
    this.perPhone = new WindowLimiter(options.perPhone.limit, options.perPhone.windowMs, now);
    this.lookups = new WindowLimiter(options.lookupsPerIp.limit, options.lookupsPerIp.windowMs, now);
    this.failedLookups = new WindowLimiter(options.failedLookupsPerIp.limit, options.failedLookupsPerIp.windowMs, now);
    this.challenges = new WindowLimiter(options.challengesPerIp.limit, options.challengesPerIp.windowMs, now);
    // A separate secret signs the derived key (ALTCHA's deterministic mode): verifying is one HMAC, not a PBKDF2 run.
    this.keySecret = createHmac('sha256', options.hmacKey).update('altcha-key-signature').digest('base64url');
    this.verifier = new PowVerifier(options.hmacKey, this.keySecret);
    this.duplicates = new DuplicateIndex((episodeId) => (studio.has(episodeId) ? studio.state(episodeId).appeals : null));
    studio.on('committed', (events) => {
      for (const event of events) {
        if (event.appeal?.channel !== 'online') continue;
        // Every durable change of an online appeal (a new one, or its phone edited by the operator) keeps the index right.
        this.duplicates.track(event.appeal);
        if (this.receipts && event.type === 'appeal.received') this.receipts.set(receiptCodeOf(event.appeal), { episodeId: event.episodeId, appealId: event.appeal.id });
      }
    });
  }

  /** The episode as the public page shows it, with the categories to pick from; null when there is no such episode. */
  formData(episodeId: string): MessageFormData | null {
    if (!this.studio.has(episodeId)) return null;
    const { episode } = this.studio.state(episodeId);
    const units = this.catalogue.data.units;
    const shown: PublicMessageEpisode = {
      ...episodeHeading(episode),
      unitNames: episode.unitIds.map((id) => units[id]?.name ?? '').filter(Boolean),
      leaders: episode.leaders.map(({ name, title }) => ({ name, title })),
    };
    return { episode: shown, open: acceptsOnlineMessages(episode.status), categories: activeCategoryNames(this.catalogue.data.categories ?? {}) };
  }

  /** The programme /liuyan means now (live, else the next planned one), or null. */
  currentEpisodeId(): string | null {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(this.clock.now());
    return currentProgramme(this.studio.summaries(), today)?.id ?? null;
  }

  /** A fresh proof-of-work challenge for the page to solve in the background. */
  async challenge(ip: string): Promise<Answer<Challenge>> {
    const wait = this.challenges.take(ip);
    if (wait) return refusal(429, 'RATE_LIMITED', `请求过于频繁，请 ${minutes(wait)} 分钟后再打开留言页面。`, undefined, wait);
    const challenge = await createChallenge({
      algorithm: 'PBKDF2/SHA-256',
      cost: this.options.altchaCost,
      counter: randomInt(Math.floor(this.options.altchaMaxCounter / 3), this.options.altchaMaxCounter + 1),
      deriveKey,
      expiresAt: new Date(this.clock.now().getTime() + this.options.challengeTtlMs),
      hmacSignatureSecret: this.options.hmacKey,
      hmacKeySignatureSecret: this.keySecret,
    });
    return { status: 200, body: { ok: true, data: challenge } };
  }

  /** Leave a message: every check, then the ledger; the receipt only once the message is on disk. */
  async submit(episodeId: string, raw: unknown, ip: string): Promise<Answer<MessageReceipt>> {
    if (!this.studio.has(episodeId)) return refusal(404, 'EPISODE_NOT_FOUND', ONLINE_MESSAGE_REFUSALS.noEpisode);
    if (!acceptsOnlineMessages(this.studio.state(episodeId).episode.status)) {
      this.duplicates.forget(episodeId);
      return refusal(409, 'EPISODE_ENDED', ONLINE_MESSAGE_REFUSALS.ended);
    }
    const ipWait = this.perIp.take(ip);
    if (ipWait) return refusal(429, 'RATE_LIMITED', `这个网络提交的留言过多，请 ${minutes(ipWait)} 分钟后再试。`, undefined, ipWait);

    const parsed = PublicMessageBody.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      const fields = describeMessageProblems(parsed.error);
      const { form, ...perField } = fields;
      return refusal(400, 'VALIDATION_FAILED', form ?? '留言未提交：请按提示修改标出的内容。', Object.keys(perField).length ? perField : undefined);
    }
    const input = parsed.data;
    const fields: MessageRefusal['fields'] = {};
    const category = categoryProblem(this.catalogue.data.categories, input.category);
    if (category) fields.category = category;
    const key = dedupeKey(episodeId, input.phone, input.text);
    const proof = this.verifyProof(input.altcha, key);
    if (proof) fields.altcha = proof;
    if (Object.keys(fields).length) return refusal(400, 'VALIDATION_FAILED', '留言未提交：请按提示修改标出的内容。', fields);

    const pending = this.inFlight.get(key);
    if (pending) return pending.then((answer) => (answer.body.ok ? { ...answer, status: 200, body: { ok: true, data: { ...answer.body.data, duplicate: true } } } : answer));
    const now = this.clock.now().toISOString();
    const earlier = this.duplicates.find(episodeId, input.phone, input.text, now, this.options.duplicateWindowMinutes);
    if (earlier) return { status: 200, body: { ok: true, data: { receipt: receiptCodeOf(earlier), receivedAt: earlier.receivedAt, duplicate: true } } };

    const phoneWait = this.perPhone.blockedMs(input.phone);
    if (phoneWait) {
      return refusal(429, 'RATE_LIMITED', '这个电话号码留言次数过多。', { phone: `这个电话号码留言次数过多，请 ${minutes(phoneWait)} 分钟后再试；如有急事请拨打12345热线。` }, phoneWait);
    }

    const run = this.record(episodeId, key, input, now);
    this.inFlight.set(key, run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async record(episodeId: string, key: string, input: ReturnType<typeof PublicMessageBody.parse>, now: string): Promise<Answer<MessageReceipt>> {
    // The same message in the same window always gets the same commandId: a retry that slips past the
    // checks above (another node, a restart in between) is answered by the ledger with the first result.
    const window = Math.floor(Date.parse(now) / (this.options.duplicateWindowMinutes * MINUTE));
    const digest = createHash('sha256').update(`${key}\u0000${window}`).digest('base64url');
    const meta = {
      command: COMMAND,
      commandId: `online-${digest.slice(0, 32)}`,
      fingerprint: createHash('sha256').update(key).digest('base64url').slice(0, 22),
      actor: CITIZEN,
      at: now,
    };
    try {
      const { appeal } = await this.studio.receiveOnlineMessage(
        { episodeId, title: input.title, name: input.name, phone: input.phone, area: input.area, category: input.category, text: input.text },
        meta,
      );
      this.perPhone.hit(input.phone);
      this.duplicates.track(appeal);
      const receipt = receiptCodeOf(appeal);
      this.receipts?.set(receipt, { episodeId, appealId: appeal.id });
      return { status: 201, body: { ok: true, data: { receipt, receivedAt: appeal.receivedAt, duplicate: false } } };
    } catch (error) {
      if (error instanceof DomainError) {
        if (error.code === 'EPISODE_ENDED') return refusal(409, 'EPISODE_ENDED', ONLINE_MESSAGE_REFUSALS.ended);
        if (error.code === 'VALIDATION_FAILED') return refusal(400, 'VALIDATION_FAILED', error.message, { [error.details.field === 'category' ? 'category' : 'text']: error.message });
        if (error.code === 'STORAGE_FAILED' || error.code === 'STORAGE_FULL') return refusal(503, error.code, '留言暂时无法保存，没有提交成功，请稍后再试。');
        return refusal(409, error.code, error.message);
      }
      this.logger.error({ err: error }, 'online message failed');
      return refusal(500, 'INTERNAL', '留言暂时无法保存，没有提交成功，请稍后再试。');
    }
  }

  /** Null when the proof-of-work holds (and was not spent on another message), else the sentence for the field. */
  private verifyProof(payload: string, key: string): string | null {
    const check = this.verifier.verifyPayload(payload, this.clock.now().getTime());
    if (!check.ok) return MESSAGE_FIELD_MESSAGES.altchaInvalid;
    const spent = this.used.get(check.signature);
    // The same message sent again (a retry) may carry the same solution: it will get its first receipt.
    if (spent && spent.key !== key) return MESSAGE_FIELD_MESSAGES.altchaInvalid;
    this.spend(check.signature, key, check.expiresAtMs);
    return null;
  }

  private spend(signature: string, key: string, expiresAt: number): void {
    const now = this.clock.now().getTime();
    // Every challenge lives as long, so the map (in insertion order) is about in expiry order: the
    // expired go from the front, a few at a time, and never by a scan of the whole map.
    for (const [sig, entry] of this.used) {
      if (entry.expiresAt > now) break;
      this.used.delete(sig);
    }
    if (this.used.size >= MAX_USED_CHALLENGES) {
      // Still full: the oldest go; their challenges expire soon anyway.
      for (const sig of this.used.keys()) {
        if (this.used.size < MAX_USED_CHALLENGES * 0.9) break;
        this.used.delete(sig);
      }
    }
    if (!this.used.has(signature)) this.used.set(signature, { key, expiresAt: expiresAt || now + this.options.challengeTtlMs });
  }

  /** The status of a message from its receipt code and the phone's last four digits: the status and nothing else. */
  lookup(raw: unknown, ip: string): Answer<ReceiptStatus> {
    const wait = Math.max(this.lookups.take(ip), this.failedLookups.blockedMs(ip));
    if (wait) return refusal(429, 'RATE_LIMITED', `查询次数过多，请 ${minutes(wait)} 分钟后再试。`, undefined, wait);
    const parsed = ReceiptLookupBody.safeParse(raw);
    const fields: Record<string, string> = {};
    const code = parsed.success ? normaliseReceiptCode(parsed.data.code) : null;
    const last4 = parsed.success ? parsed.data.last4.normalize('NFKC').trim() : '';
    if (!code) fields.code = MESSAGE_FIELD_MESSAGES.receiptCode;
    if (!/^\d{4}$/.test(last4)) fields.last4 = MESSAGE_FIELD_MESSAGES.last4;
    if (Object.keys(fields).length) return { status: 400, body: { ok: false, error: { code: 'VALIDATION_FAILED', message: '请按提示修改后再查询。', fields: fields as MessageRefusal['fields'] } } };
    const appeal = this.findByReceipt(code!);
    if (!appeal || phoneLastFour(appeal.caller.phone) !== last4) {
      this.failedLookups.hit(ip);
      // The same answer for an unknown code and for wrong digits: a lookup never confirms that a code exists.
      return refusal(404, 'NOT_FOUND', '没有找到这条留言：请核对回执编号和电话号码后四位。');
    }
    const status = messageStatusOf(appeal);
    return { status: 200, body: { ok: true, data: { status, label: MESSAGE_STATUS_LABELS[status] } } };
  }

  private findByReceipt(code: string): Appeal | null {
    if (!this.receipts) {
      this.receipts = new Map();
      for (const { id } of this.studio.summaries()) {
        for (const appeal of Object.values(this.studio.state(id).appeals)) if (appeal.channel === 'online') this.receipts.set(receiptCodeOf(appeal), { episodeId: id, appealId: appeal.id });
      }
    }
    const ref = this.receipts.get(code);
    if (!ref || !this.studio.has(ref.episodeId)) return null;
    return this.studio.state(ref.episodeId).appeals[ref.appealId] ?? null;
  }
}

/**
 * A message's receipt code, made from where it is stored: the same message always has the same code
 * (a retry returns the first appeal, hence the first code), and the code survives a restart without
 * being stored. Appeal ids are random, so codes are not guessable from outside.
 */
export function receiptCodeOf(appeal: Pick<Appeal, 'episodeId' | 'id'>): string {
  return receiptCodeFromDigest(createHash('sha256').update(`receipt\u0000${appeal.episodeId}\u0000${appeal.id}`).digest());
}
