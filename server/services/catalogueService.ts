import { refuse } from '../../shared/domain/errors';
import { diffFields, type FieldChange } from '../../shared/domain/episodeState';
import * as rules from '../../shared/domain/catalogueRules';
import { clearFlag, flagKey, flagsOf, setFlag, type CallerFlag } from '../../shared/domain/callerFlags';
import { listCategories, saveCategory, seedCategories, type Category } from '../../shared/domain/categories';
import type { Actor, Person, Role, Unit } from '../../shared/domain/types';
import { centreCalendar, type WorkCalendar } from '../../shared/domain/workCalendar';
import type { AccountCreateInput, AccountSetDisabledInput, CalendarImportYearInput, CalendarSetDayInput, CallerFlagListInput, CallerFlagSetInput, CategorySaveInput, DisplayLinkCreateInput, DisplayLinkRevokeInput, PersonSaveInput, UnitSaveInput } from '../../shared/protocol/commands';
import type { AccountView, CallerFlagsView, DisplayLinkView } from '../../shared/protocol/events';
import { generatePassword, hashPassword, verifyPassword } from '../auth/passwords';
import { DEFAULT_ACCOUNT_POLICY, type AccountPolicySettings } from '../auth/accountPolicy';
import { PASSWORD_MESSAGES, passwordRefusal } from '../../shared/domain/passwordPolicy';
import { hashSecret, newSecret } from '../auth/tokens';
import { StaleCatalogueError, type Account, type CatalogueDoc, type Store } from '../store/store';
import { toAccountView, toDisplayLinkView } from './catalogueViews';
import { newId, type Clock } from './clock';
import type { CommandMeta } from './episodeLedger';
import { GroupCommit } from './groupCommit';
import { apiKeyScopeProblem } from './apiKeyRules';
import type { ApiKeyRecord } from '../store/store';
import { validationFailed } from '../../shared/domain/errors';
import type { ApiKeyCreateInput, ApiKeyRevokeInput } from '../../shared/protocol/commands';
import type { ImportedSchedule, ImportedSchedules } from '../../shared/domain/holidaySchedule';

/**
 * Units, people, accounts, display links and the calendar: the small catalogue file. Sessions live
 * apart, in the SessionService (a login must not rewrite this file); the rules a change must obey
 * are pure functions in shared/domain/catalogueRules.ts. Every change goes through `run`, which
 * remembers the command's result for retries, writes an audit entry and returns only once the file
 * is durable.
 */
export class CatalogueService {
  private commit: GroupCommit;
  private recovering: Promise<void> | null = null;
  private calendarCache: { overrides: string; calendar: WorkCalendar } | null = null;
  /** The next read of the catalogue, queued behind the one running: every caller gets a read that starts after it asked. */
  private queuedRead: Promise<void> | null = null;
  private reads: Promise<void> = Promise.resolve();
  private lookupReload: Promise<void> | null = null;
  private lookupReloadAt = 0;
  /** Told after every durable change (the cluster tells the other nodes). */
  onCommitted: () => void = () => undefined;
  /** The password policy and whether set passwords must be changed at first login (app.ts sets it from AppConfig). */
  accountPolicy: AccountPolicySettings = DEFAULT_ACCOUNT_POLICY;

  constructor(
    private doc: CatalogueDoc,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    withCategoryList(this.doc);
    this.commit = new GroupCommit(
      async () => {
        await this.store.commitCatalogue(this.doc);
        this.onCommitted();
      },
      async (error) => {
        // Refused as stale: another node wrote first, so read what it wrote; otherwise go back to our last durable copy.
        const fresh = error instanceof StaleCatalogueError ? this.store.loadCatalogue().catch(() => this.store.reloadCatalogue()) : this.store.reloadCatalogue();
        this.recovering = fresh.then((doc) => {
          this.doc = withCategoryList(doc);
        });
        await this.recovering.finally(() => (this.recovering = null));
      },
    );
  }

  /**
   * Read the catalogue again (another node changed it), after this node's own writes. One read at
   * a time, so an older answer never lands after a newer one; a read whose answer may predate a
   * change this node made meanwhile is thrown away and made again.
   */
  reload(): Promise<void> {
    if (this.queuedRead) return this.queuedRead;
    const read = this.reads.then(async () => {
      this.queuedRead = null;
      for (let attempt = 0; attempt < 5; attempt++) {
        await this.commit.whenDurable().catch(() => undefined);
        const changesBefore = this.commit.changes;
        const doc = await this.store.loadCatalogue();
        if (this.commit.changes === changesBefore && this.commit.idle) {
          this.doc = withCategoryList(doc);
          return;
        }
      }
    });
    this.queuedRead = read;
    this.reads = read.catch(() => undefined);
    return read;
  }

  /**
   * A read for a session lookup (an account made on another node) that starts after this call, at
   * most one every 500 ms however many ask.
   */
  reloadForLookup(): Promise<void> {
    if (this.lookupReload) return this.lookupReload;
    const wait = Math.max(0, this.lookupReloadAt + 500 - Date.now());
    const pending = new Promise<void>((resolve) => setTimeout(resolve, wait)).then(() => {
      // Who asks from now on needs a read that starts after them: the next one.
      if (this.lookupReload === pending) this.lookupReload = null;
      this.lookupReloadAt = Date.now();
      return this.reload();
    });
    this.lookupReload = pending;
    return pending;
  }

  /**
   * Sessions kept in the catalogue by older versions are moved to the session store at start
   * (SessionService.load); then they are removed from the catalogue with one write.
   */
  async dropLegacySessions(): Promise<void> {
    if (!Object.keys(this.doc.sessions ?? {}).length) return;
    await this.run(null, 'sessions', (doc) => {
      doc.sessions = {};
      return { result: null, changes: [] };
    });
  }

  get data(): Readonly<CatalogueDoc> {
    return this.doc;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Apply one change in memory, audit it, and resolve after it is durable. */
  private async run<T>(meta: CommandMeta | null, target: string, mutate: (doc: CatalogueDoc) => { result: T; changes: FieldChange[] }, attempt = 1): Promise<T> {
    if (this.recovering) await this.recovering.catch(() => undefined);
    if (meta) {
      const seen = this.doc.commands[meta.commandId];
      if (seen) {
        if (seen.fingerprint !== meta.fingerprint) throw refuse('COMMAND_ID_REUSED');
        await this.commit.whenDurable();
        return seen.result as T;
      }
    }
    const { result, changes } = mutate(this.doc);
    if (meta) {
      this.doc.commands[meta.commandId] = { command: meta.command, fingerprint: meta.fingerprint, at: meta.at, result };
      this.doc.audit.push({ at: meta.at, actor: meta.actor, command: meta.command, commandId: meta.commandId, target, changes });
    }
    try {
      await this.commit.whenDurable(this.commit.markChanged());
    } catch (error) {
      // Another node changed the catalogue first: we now hold its version; decide again on it.
      if (error instanceof StaleCatalogueError && attempt < 5) return this.run(meta, target, mutate, attempt + 1);
      throw refuse('STORAGE_FAILED');
    }
    return result;
  }

  /** The first start on an empty data folder creates the admin account; returns its password when one was generated. */
  async ensureAdmin(password: string | undefined): Promise<{ created: boolean; password: string | null }> {
    if (Object.values(this.doc.accounts).some((a) => a.role === 'admin')) return { created: false, password: null };
    const chosen = password ?? generatePassword();
    // A generated password was read off a console: changed at first login. One the operator chose
    // (ADMIN_PASSWORD) is not, unless it breaks the password policy.
    const mustChange = this.accountPolicy.forcePasswordChange && (!password || passwordRefusal(password, 'admin', this.accountPolicy.password) !== null);
    const account = { ...(await this.newAccount('admin', '系统管理员', 'admin', null, chosen)), ...(mustChange ? { mustChangePassword: true } : {}) };
    const created = await this.run(null, `account:${account.id}`, (doc) => {
      // Two nodes starting on an empty database: the one whose write lands second finds the admin made.
      if (Object.values(doc.accounts).some((a) => a.role === 'admin')) return { result: false, changes: [] };
      doc.accounts[account.id] = account;
      return { result: true, changes: [] };
    });
    return created ? { created: true, password: password ? null : chosen } : { created: false, password: null };
  }

  private async newAccount(username: string, displayName: string, role: Role, unitId: string | null, password: string): Promise<Account> {
    return { id: newId(), username, displayName, role, unitId, passwordHash: await hashPassword(password), disabled: false, createdAt: this.now(), version: 1 };
  }

  /**
   * A person changes their own password: the current one proves it is them, the new one must pass
   * the policy and differ from the current. Clears mustChangePassword. Resolves with null when the
   * current password is wrong (a guess, counted by the caller); refuses VALIDATION_FAILED with the
   * policy's sentence when the new one is weak. Nothing changes unless it resolves with the account.
   */
  async changePassword(accountId: string, oldPassword: string, newPassword: string): Promise<Account | null> {
    const account = this.doc.accounts[accountId];
    if (!account || account.disabled) return null;
    const weak = passwordRefusal(newPassword, account.username, this.accountPolicy.password);
    if (!(await verifyPassword(oldPassword, account.passwordHash))) return null;
    if (weak) throw refuse('VALIDATION_FAILED', weak, { field: 'newPassword' });
    if (oldPassword === newPassword) throw refuse('VALIDATION_FAILED', PASSWORD_MESSAGES.same, { field: 'newPassword' });
    const passwordHash = await hashPassword(newPassword);
    return this.run(null, `account:${accountId}`, (doc) => {
      const current = doc.accounts[accountId];
      if (!current) throw refuse('NOT_FOUND');
      const { mustChangePassword: _cleared, ...rest } = current;
      const changed: Account = { ...rest, passwordHash, passwordChangedAt: this.now(), version: current.version + 1 };
      doc.accounts[accountId] = changed;
      return { result: changed, changes: [] };
    });
  }

  findAccount(accountId: string): Account | undefined {
    return this.doc.accounts[accountId];
  }

  /**
   * The enabled account with this username and password, or null. An unknown username costs the
   * same hash as a wrong password, so timing does not tell which usernames exist. Rejects with
   * BUSY when too many logins are already waiting for the hash pool.
   */
  async checkPassword(username: string, password: string): Promise<Account | null> {
    const account = this.accountByUsername(username);
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    return account && ok && !account.disabled ? account : null;
  }

  accountByUsername(username: string): Account | undefined {
    const wanted = username.trim();
    return Object.values(this.doc.accounts).find((a) => a.username === wanted);
  }

  saveUnit(input: UnitSaveInput, meta: CommandMeta): Promise<{ unit: Unit }> {
    return this.run(meta, `unit:${input.unitId ?? 'new'}`, (doc) => {
      const { unit, before } = rules.saveUnit(doc, input, newId);
      doc.units[unit.id] = unit;
      return { result: { unit }, changes: diffFields(before ?? {}, unit) };
    });
  }

  savePerson(input: PersonSaveInput, meta: CommandMeta): Promise<{ person: Person }> {
    return this.run(meta, `person:${input.personId ?? 'new'}`, (doc) => {
      const { person, before } = rules.savePerson(doc, input, newId);
      doc.people[person.id] = person;
      return { result: { person }, changes: diffFields(before ?? {}, person) };
    });
  }

  async createAccount(input: AccountCreateInput, meta: CommandMeta): Promise<{ account: AccountView }> {
    const seen = this.doc.commands[meta.commandId];
    if (!seen) {
      rules.assertUsernameFree(this.doc.accounts, input.username);
      const weak = passwordRefusal(input.password, input.username, this.accountPolicy.password);
      if (weak) throw refuse('VALIDATION_FAILED', weak, { field: 'password' });
      if (input.unitId) rules.assertUnitExists(this.doc, input.unitId, 'unitId', rules.CATALOGUE_MESSAGES.ownUnitMissing);
    }
    const created = seen ? null : await this.newAccount(input.username, input.displayName, input.role, input.unitId, input.password);
    // The admin chose this password, so its owner changes it at first login (when the policy says so).
    const account = created && this.accountPolicy.forcePasswordChange ? { ...created, mustChangePassword: true } : created;
    return this.run(meta, `account:${input.username}`, (doc) => {
      // Checked again: the hash took time and another admin may have taken the name meanwhile.
      rules.assertUsernameFree(doc.accounts, input.username);
      doc.accounts[account!.id] = account!;
      const view = toAccountView(account!);
      return { result: { account: view }, changes: diffFields({}, view) };
    });
  }

  /**
   * A new big-screen link with its own screen account. The key is shown to the first caller only and
   * stored as a hash; a retried command gets the link back with an empty path (make a new link then).
   */
  async createDisplayLink(input: DisplayLinkCreateInput, meta: CommandMeta): Promise<{ id: string; label: string; path: string }> {
    // A retry is answered from the record before a new key and account are made for nothing.
    if (this.doc.commands[meta.commandId]) {
      return this.run<{ id: string; label: string; path: string }>(meta, 'displayLink', () => {
        throw new Error('a recorded command is answered from its record');
      });
    }
    const key = newSecret();
    const account = await this.newAccount(`screen-${newId().slice(0, 8)}`, input.label, 'screen', null, newSecret());
    const id = newId();
    const stored = await this.run(meta, `displayLink:${id}`, (doc) => {
      doc.accounts[account.id] = account;
      doc.displayLinks[id] = { id, label: input.label, keyHash: hashSecret(key), accountId: account.id, createdAt: meta.at, revokedAt: null };
      return { result: { id, label: input.label, path: '' }, changes: [{ path: 'displayLink', from: null, to: input.label }] };
    });
    return { ...stored, path: `/display/${key}` };
  }

  /** Disable or re-enable an account (the own-account and last-admin rules: catalogueRules.setAccountDisabled). */
  setAccountDisabled(input: AccountSetDisabledInput, meta: CommandMeta): Promise<{ account: AccountView }> {
    return this.run(meta, `account:${input.accountId}`, (doc) => {
      const { before: account, after: next } = rules.setAccountDisabled(doc.accounts, input, meta.actor.accountId);
      if (!next) return { result: { account: toAccountView(account) }, changes: [] };
      doc.accounts[account.id] = next;
      // Its sessions are ended by the caller through the SessionService, after this is durable.
      return { result: { account: toAccountView(next) }, changes: diffFields(toAccountView(account), toAccountView(next)) };
    });
  }

  revokeDisplayLink(input: DisplayLinkRevokeInput, meta: CommandMeta): Promise<{ displayLink: DisplayLinkView }> {
    return this.run(meta, `displayLink:${input.displayLinkId}`, (doc) => {
      const link = doc.displayLinks[input.displayLinkId];
      if (!link) throw refuse('NOT_FOUND', '找不到这个大屏链接。', { field: 'displayLinkId' });
      const next = { ...link, revokedAt: link.revokedAt ?? meta.at };
      doc.displayLinks[link.id] = next;
      // The link's own screen account goes with it, so revoked screens do not pile up as live accounts.
      const screen = doc.accounts[link.accountId];
      if (screen && !screen.disabled) doc.accounts[screen.id] = { ...screen, disabled: true, version: screen.version + 1 };
      return { result: { displayLink: toDisplayLinkView(next) }, changes: diffFields({ revokedAt: link.revokedAt }, { revokedAt: next.revokedAt }) };
    });
  }

  /**
   * Record a new API key (apiKeys.ts mints the secret and hands only its hash here). `made` is false
   * when this commandId was answered before: the secret of that first answer is not kept anywhere.
   */
  async createApiKey(input: ApiKeyCreateInput, meta: CommandMeta, secret: { hash: string; prefix: string }): Promise<{ record: ApiKeyRecord; made: boolean }> {
    let made = false;
    const id = newId();
    const { apiKeyId } = await this.run(meta, `apiKey:${id}`, (doc) => {
      const problem = apiKeyScopeProblem(input.role, input.scope);
      if (problem) throw refuse('VALIDATION_FAILED', validationFailed(problem), { field: 'scope' });
      if (input.unitId !== null && !doc.units[input.unitId]) throw refuse('NOT_FOUND', '找不到这个单位。', { field: 'unitId' });
      const record: ApiKeyRecord = { id, label: input.label, keyHash: secret.hash, prefix: secret.prefix, role: input.role, unitId: input.unitId, scope: [...input.scope], createdAt: meta.at, createdBy: meta.actor.name, revokedAt: null, lastUsedAt: null };
      doc.apiKeys = { ...(doc.apiKeys ?? {}), [id]: record };
      made = true;
      return { result: { apiKeyId: id }, changes: [{ path: 'apiKey', from: null, to: { label: input.label, role: input.role, unitId: input.unitId, scope: input.scope } }] };
    });
    const record = this.doc.apiKeys?.[apiKeyId];
    if (!record) throw refuse('NOT_FOUND', '找不到这个接口密钥。', { field: 'apiKeyId' });
    return { record, made };
  }

  /** Revoke an API key: from now on every call with it is refused (apiKeys.ts reads revokedAt on each call). */
  async revokeApiKey(input: ApiKeyRevokeInput, meta: CommandMeta): Promise<ApiKeyRecord> {
    const { apiKeyId } = await this.run(meta, `apiKey:${input.apiKeyId}`, (doc) => {
      const key = doc.apiKeys?.[input.apiKeyId];
      if (!key) throw refuse('NOT_FOUND', '找不到这个接口密钥。', { field: 'apiKeyId' });
      const next = { ...key, revokedAt: key.revokedAt ?? meta.at };
      doc.apiKeys = { ...doc.apiKeys, [key.id]: next };
      return { result: { apiKeyId: key.id }, changes: diffFields({ revokedAt: key.revokedAt }, { revokedAt: next.revokedAt }) };
    });
    return this.doc.apiKeys![apiKeyId]!;
  }

  /** Every API key record (hashes included: server side only). */
  apiKeyRecords(): ApiKeyRecord[] {
    return Object.values(this.doc.apiKeys ?? {});
  }

  /** Write the keys' last-used times kept in memory (a coarse, unaudited write: at most every few minutes). */
  async recordApiKeyUse(lastUsed: ReadonlyMap<string, string>): Promise<void> {
    await this.run(null, 'apiKeys', (doc) => {
      const keys = { ...(doc.apiKeys ?? {}) };
      for (const [id, at] of lastUsed) {
        const key = keys[id];
        if (key && (key.lastUsedAt ?? '') < at) keys[id] = { ...key, lastUsedAt: at };
      }
      doc.apiKeys = keys;
      return { result: null, changes: [] };
    });
  }

  displayLinks(): DisplayLinkView[] {
    return Object.values(this.doc.displayLinks).map(toDisplayLinkView).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The working-day calendar: the years of holidays the admin brought in, then the admin's single-date corrections on top. */
  calendar(): WorkCalendar {
    const key = JSON.stringify([this.doc.calendarOverrides ?? {}, this.doc.calendarYears ?? {}]);
    if (this.calendarCache?.overrides !== key) this.calendarCache = { overrides: key, calendar: centreCalendar(this.doc.calendarOverrides, this.doc.calendarYears) };
    return this.calendarCache.calendar;
  }

  /**
   * Bring in a year's official holidays (the State Council's notice, a CSV or an ICS, read and
   * reviewed on the admin screen): it replaces what was brought in for that year before. Dates the
   * admin corrected one by one keep their correction.
   */
  importCalendarYear(input: CalendarImportYearInput, meta: CommandMeta): Promise<{ year: number; days: number }> {
    return this.run(meta, `calendar:${input.year}`, (doc) => {
      const key = String(input.year);
      const before = doc.calendarYears?.[key];
      const schedule: ImportedSchedule = { year: input.year, source: input.source, days: input.days, importedAt: meta.at, importedBy: meta.actor.name };
      doc.calendarYears = { ...(doc.calendarYears ?? {}), [key]: schedule };
      const count = (s: ImportedSchedule | undefined, type: 'off' | 'work') => (s ? s.days.filter((d) => d.dayType === type).length : null);
      return {
        result: { year: input.year, days: input.days.length },
        changes: [
          { path: `calendarYears.${key}.source`, from: before?.source ?? null, to: input.source },
          { path: `calendarYears.${key}.off`, from: count(before, 'off'), to: count(schedule, 'off') },
          { path: `calendarYears.${key}.work`, from: count(before, 'work'), to: count(schedule, 'work') },
        ],
      };
    });
  }

  calendarYears(): ImportedSchedules {
    return structuredClone(this.doc.calendarYears ?? {});
  }

  /** Mark a date as a workday or a day off (or back to the official calendar), with the reason audited. */
  setCalendarDay(input: CalendarSetDayInput, meta: CommandMeta): Promise<{ date: string; dayType: 'work' | 'off' | null }> {
    return this.run(meta, `calendar:${input.date}`, (doc) => {
      const overrides = { ...(doc.calendarOverrides ?? {}) };
      const before = overrides[input.date] ?? null;
      if (input.dayType) overrides[input.date] = input.dayType;
      else delete overrides[input.date];
      doc.calendarOverrides = overrides;
      return { result: { date: input.date, dayType: input.dayType }, changes: [{ path: `calendar.${input.date}`, from: before, to: input.dayType }, { path: 'reason', from: null, to: input.reason }] };
    });
  }

  calendarOverrides() {
    return { ...(this.doc.calendarOverrides ?? {}) };
  }

  /** The controlled category list, retired ones included (marked), in list order. */
  categories(): Category[] {
    return listCategories(this.doc.categories ?? {});
  }

  /** Add, rename, retire or bring back a category (catalogueRules via shared/domain/categories.ts). */
  saveCategory(input: CategorySaveInput, meta: CommandMeta): Promise<{ category: Category }> {
    return this.run(meta, `category:${input.categoryId ?? 'new'}`, (doc) => {
      const { category, before } = saveCategory(doc.categories ?? {}, input, newId);
      doc.categories = { ...(doc.categories ?? {}), [category.id]: category };
      return { result: { category }, changes: diffFields(before ?? {}, category) };
    });
  }

  /** The flags kept on a number (never sent to a masked audience: the registry lets only the desks ask). */
  callerFlags(input: CallerFlagListInput): CallerFlagsView {
    return { flags: flagsOf(this.doc.callerFlags ?? {}, input.phone) };
  }

  /** Flag a number with a reason (the same kind again replaces the reason); audited by phone key, never by the full number. */
  setCallerFlag(input: CallerFlagSetInput, meta: CommandMeta): Promise<CallerFlagsView> {
    const key = flagKey(input.phone);
    return this.run(meta, `callerFlag:${key}`, (doc) => {
      const flags = { ...(doc.callerFlags ?? {}) };
      const flag: CallerFlag = { flag: input.flag, reason: input.reason, by: meta.actor, at: meta.at };
      const { next, before } = setFlag(flags[key] ?? [], flag);
      flags[key] = next;
      doc.callerFlags = flags;
      return { result: { flags: flagsOf(flags, input.phone) }, changes: [{ path: `flag.${input.flag}`, from: before?.reason ?? null, to: input.reason }] };
    });
  }

  /** Take a flag off a number, with the reason audited (the flag itself is kept in the audit trail). */
  clearCallerFlag(input: CallerFlagSetInput, meta: CommandMeta): Promise<CallerFlagsView> {
    const key = flagKey(input.phone);
    return this.run(meta, `callerFlag:${key}`, (doc) => {
      const flags = { ...(doc.callerFlags ?? {}) };
      const { next, before } = clearFlag(flags[key] ?? [], input.flag);
      if (next.length) flags[key] = next;
      else delete flags[key];
      doc.callerFlags = flags;
      return {
        result: { flags: flagsOf(flags, input.phone) },
        changes: [{ path: `flag.${input.flag}`, from: before.reason, to: null }, { path: 'reason', from: null, to: input.reason }],
      };
    });
  }

  units(): Unit[] {
    return Object.values(this.doc.units).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  people(): Person[] {
    return Object.values(this.doc.people).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  }

  accounts(): AccountView[] {
    // In the order they were made, on any store (PostgreSQL's jsonb does not keep key order).
    return Object.values(this.doc.accounts)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.username.localeCompare(b.username))
      .map(toAccountView);
  }

  actorOf(account: Account): Actor {
    return { accountId: account.id, name: account.displayName, role: account.role };
  }
}

/**
 * A data folder without a category list (a new one, or one from before the list existed) gets the
 * 12345 seed. Its ids are fixed (cat-000…), so every node and every restart seeds the same list, and
 * it becomes durable with the catalogue's next write.
 */
function withCategoryList(doc: CatalogueDoc): CatalogueDoc {
  if (!doc.categories || Object.keys(doc.categories).length === 0) {
    let n = 0;
    doc.categories = seedCategories(() => `cat-${String(n++).padStart(3, '0')}`);
  }
  doc.callerFlags ??= {};
  return doc;
}

// A real scrypt hash of a random password, so a login for an unknown user costs the same as a wrong password.
const DUMMY_HASH = 'scrypt$32768$8$1$c2FsdHNhbHRzYWx0c2FsdA$0000000000000000000000000000000000000000000';
