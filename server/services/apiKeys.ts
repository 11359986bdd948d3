import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Role } from '../../shared/domain/types';
import type { ApiKeyCreateInput, ApiKeyRevokeInput } from '../../shared/protocol/commands';
import { API_COMMAND_NAMES, apiCommandsFor, type CommandName } from '../../shared/protocol/registry';
import type { ApiKeyView } from '../../shared/protocol/views';
import { hashSecret } from '../auth/tokens';
import type { CatalogueService } from './catalogueService';
import type { Clock } from './clock';
import type { CommandMeta } from './episodeLedger';

/**
 * Keys for systems, not people (issue 18): the 12345 platform or a unit's work-order system calls
 * /api/v1 with `Authorization: Bearer zfk_…`. A key acts as one product role, for the commands in
 * its scope only (each one that role may run); it is shown once when made and stored as its sha256
 * in the catalogue (`apiKeys`), beside the display links; revoking it refuses its next call.
 *
 * Kept in memory, not written per call: the throttle (a token bucket per key), the counts of calls,
 * and the last-used time, which is written to the catalogue at most every `flushMs` (a coarse,
 * unaudited write). Every change a key makes is audited under the key's own actor
 * (`apikey:<id>`, 「接口：<label>」) by the command that makes it, like a person's.
 */
import type { ApiKeyRecord } from '../store/store';
export type { ApiKeyRecord };

export const API_KEY_PREFIX = 'zfk_';

export interface ApiKeyLimits {
  /** Calls a key may make per second, sustained. */
  perSecond: number;
  /** Calls a key may make at once after a quiet spell. */
  burst: number;
  /** How often last-used times are written to the catalogue. */
  flushMs: number;
}

export const API_KEY_LIMITS: ApiKeyLimits = { perSecond: 20, burst: 40, flushMs: 5 * 60_000 };

export { apiKeyActorId, apiKeyActorName, apiKeyScopeProblem } from './apiKeyRules';
import { apiKeyActorId, apiKeyActorName } from './apiKeyRules';

export type Authenticated = { ok: true; key: ApiKeyRecord } | { ok: false; reason: 'missing' | 'invalid' | 'revoked' };

export class ApiKeyService {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Last use of each key since start, and the ones not yet written. */
  private readonly lastUsed = new Map<string, string>();
  private readonly unwritten = new Map<string, string>();
  private readonly counts = new Map<string, { calls: number; refused: number }>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly catalogue: CatalogueService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly limits: ApiKeyLimits = API_KEY_LIMITS,
  ) {}

  /** Start writing last-used times every `flushMs`; returns the stop function (which writes what is left). */
  start(): () => Promise<void> {
    this.timer = setInterval(() => void this.flush(), this.limits.flushMs);
    this.timer.unref();
    return async () => {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      await this.flush();
    };
  }

  /** Find the key an `Authorization: Bearer zfk_…` header names. */
  authenticate(authorization: string | undefined): Authenticated {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return { ok: false, reason: 'missing' };
    const secret = match[1]!;
    if (!secret.startsWith(API_KEY_PREFIX) || secret.length > 200) return { ok: false, reason: 'invalid' };
    const hash = hashSecret(secret);
    const key = this.catalogue.apiKeyRecords().find((k) => k.keyHash === hash);
    if (!key) return { ok: false, reason: 'invalid' };
    if (key.revokedAt) return { ok: false, reason: 'revoked' };
    return { ok: true, key };
  }

  /** Take one call from the key's bucket: 0 when it may go on, else the milliseconds until it may. */
  take(keyId: string): number {
    const now = this.clock.now().getTime();
    const { perSecond, burst } = this.limits;
    const bucket = this.buckets.get(keyId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(keyId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) / perSecond) * 1000);
  }

  /** Count and log one call under its key (reads are not written to the catalogue; changes are audited by their command). */
  note(key: ApiKeyRecord, call: { method: string; path: string; command: CommandName | null; status: number; code?: string; commandId?: string }): void {
    const at = this.clock.now().toISOString();
    this.lastUsed.set(key.id, at);
    this.unwritten.set(key.id, at);
    const count = this.counts.get(key.id) ?? { calls: 0, refused: 0 };
    if (call.status < 400) count.calls += 1;
    else count.refused += 1;
    this.counts.set(key.id, count);
    this.logger.info({ apiKey: key.id, apiKeyLabel: key.label, role: key.role, ...call }, 'api call');
  }

  /** The caller a command runs for: the key's own identity, standing in for a socket that joins no room. */
  callerOf(key: ApiKeyRecord) {
    return {
      data: { accountId: apiKeyActorId(key.id), sessionId: apiKeyActorId(key.id), role: key.role, unitId: key.unitId, displayName: apiKeyActorName(key.label) },
      connected: false,
      join: () => undefined,
    };
  }

  view(key: ApiKeyRecord): ApiKeyView {
    const count = this.counts.get(key.id) ?? { calls: 0, refused: 0 };
    const seen = this.lastUsed.get(key.id) ?? null;
    const lastUsedAt = seen && (!key.lastUsedAt || seen > key.lastUsedAt) ? seen : key.lastUsedAt;
    return { id: key.id, label: key.label, prefix: key.prefix, role: key.role, unitId: key.unitId, scope: [...key.scope], createdAt: key.createdAt, createdBy: key.createdBy, revokedAt: key.revokedAt, lastUsedAt, ...count };
  }

  list(): { apiKeys: ApiKeyView[] } {
    return { apiKeys: this.catalogue.apiKeyRecords().map((k) => this.view(k)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)) };
  }

  /** Make a key: the secret is in this answer only (a retry of the same commandId answers `key: null`). */
  async create(input: ApiKeyCreateInput, meta: CommandMeta): Promise<{ apiKey: ApiKeyView; key: string | null }> {
    const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const { record, made } = await this.catalogue.createApiKey(input, meta, { hash: hashSecret(secret), prefix: secret.slice(0, API_KEY_PREFIX.length + 8) });
    return { apiKey: this.view(record), key: made ? secret : null };
  }

  async revoke(input: ApiKeyRevokeInput, meta: CommandMeta): Promise<{ apiKey: ApiKeyView }> {
    const record = await this.catalogue.revokeApiKey(input, meta);
    this.buckets.delete(record.id);
    return { apiKey: this.view(record) };
  }

  /** Write the last-used times gathered since the last write (one catalogue write, no audit entry). */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.unwritten.size) return;
      const batch = new Map(this.unwritten);
      this.unwritten.clear();
      try {
        await this.catalogue.recordApiKeyUse(batch);
      } catch (err) {
        // Only a convenience: put them back for the next try.
        for (const [id, at] of batch) if (!this.unwritten.has(id)) this.unwritten.set(id, at);
        this.logger.warn({ err }, 'api key last-used times not written');
      }
    });
    return this.flushing;
  }
}
