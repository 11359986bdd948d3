import type { Logger } from 'pino';
import type { AuthEvent } from '../../shared/domain/auditSources';
import { auditOfAuth, auditOfCatalogue, auditOfEvent, matchesAudit, newestFirst, type AuditEntry, type AuditFilter } from '../../shared/domain/auditTrail';
import { AUDIT_MATCH_LIMIT, type AuditPage, type AuditSearchInput } from '../../shared/protocol/audit';
import type { AuthAuditLog } from '../store/authAudit/authAuditLog';
import type { Store } from '../store/store';
import type { CatalogueService } from './catalogueService';
import type { Clock } from './clock';
import type { StudioService } from './studioService';

const DAY_MS = 86_400_000;

/**
 * 操作审计: search who did what across the episode logs, the catalogue's audit and the sign-in log.
 * Episode histories are read from the store one at a time and let go (a year is hundreds of MB of
 * events; keeping them would hold it all in memory), and a search keeps at most AUDIT_MATCH_LIMIT.
 */
export class AuditService {
  constructor(
    private readonly store: Store,
    private readonly studio: StudioService,
    private readonly catalogue: CatalogueService,
    private readonly authLog: AuthAuditLog,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Record a sign-in event durably. A failing log does not stop a login: it is said in the server log instead. */
  async recordAuth(event: Omit<AuthEvent, 'at'>): Promise<void> {
    try {
      await this.authLog.append({ at: this.clock.now().toISOString(), ...event });
    } catch (err) {
      this.logger.error({ err, kind: event.kind }, 'sign-in audit could not be written');
    }
  }

  async search(input: AuditSearchInput): Promise<AuditPage> {
    const { entries, truncated } = await this.matches(input);
    const start = (input.page - 1) * input.pageSize;
    return { entries: entries.slice(start, start + input.pageSize), total: entries.length, truncated, page: input.page, pageSize: input.pageSize };
  }

  /** Every match, newest first, at most AUDIT_MATCH_LIMIT (the CSV export). */
  async matches(input: AuditSearchInput): Promise<{ entries: AuditEntry[]; truncated: boolean }> {
    const filter = this.filterOf(input);
    const found: AuditEntry[] = [];
    let truncated = false;
    const keep = (entry: AuditEntry) => {
      if (!matchesAudit(entry, filter)) return;
      if (found.length >= AUDIT_MATCH_LIMIT) truncated = true;
      else found.push(entry);
    };
    if (!filter.source || filter.source === 'auth') {
      if (!filter.episodeId && !filter.appealId) {
        // The log keeps UTC instants; a China day starts 8 hours earlier.
        const fromInstant = filter.from ? new Date(Date.parse(`${filter.from}T00:00:00Z`) - DAY_MS).toISOString() : undefined;
        const toInstant = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 2 * DAY_MS).toISOString() : undefined;
        for (const event of await this.authLog.read({ fromInstant, toInstant, limit: AUDIT_MATCH_LIMIT + 1 })) keep(auditOfAuth(event));
      }
    }
    if (!filter.source || filter.source === 'catalogue') {
      if (!filter.episodeId && !filter.appealId) for (const entry of this.catalogue.data.audit) keep(auditOfCatalogue(entry));
    }
    if (!filter.source || filter.source === 'episode') {
      const episodes = filter.episodeId ? (this.studio.has(filter.episodeId) ? [filter.episodeId] : []) : this.studio.summaries().map((s) => s.id);
      for (const episodeId of episodes) {
        const { events } = await this.store.loadEpisodeHistory(episodeId);
        for (const event of events) keep(auditOfEvent(event));
      }
    }
    found.sort(newestFirst);
    return { entries: found, truncated };
  }

  /** An account is found by its id or its username, and matches under both (sign-in events carry the name typed). */
  private filterOf(input: AuditSearchInput): AuditFilter {
    let accounts: string[] | undefined;
    if (input.account) {
      const account = Object.values(this.catalogue.data.accounts).find((a) => a.username === input.account || a.id === input.account);
      accounts = account ? [account.id, account.username] : [input.account];
    }
    return { accounts, episodeId: input.episodeId, appealId: input.appealId, from: input.from, to: input.to, source: input.source as AuditFilter['source'] };
  }

  close(): Promise<void> {
    return this.authLog.close();
  }
}
