import type { AccountSetDisabledInput, PersonSaveInput, UnitSaveInput } from '../protocol/commands';
import type { Category } from './categories';
import { refuse } from './errors';
import type { Person, Role, Unit } from './types';

/**
 * The catalogue's rules: which units and people exist, names that must stay unique, edits made
 * against the version their editor saw, and the accounts that must never be disabled. Pure: the
 * catalogue service supplies the records and makes the outcome durable.
 */

/** What rules need to know of the catalogue (episode rules reach it through their RuleContext). */
export interface CatalogueLookup {
  units: Readonly<Record<string, Unit>>;
  people: Readonly<Record<string, Person>>;
  /** The controlled category list (absent in records built before it existed: nothing is refused then). */
  categories?: Readonly<Record<string, Category>>;
}

/** What the account rules need to know of an account (the stored one also carries its password hash). */
export interface AccountFacts {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  version: number;
}

/** The sentences a person reads when a catalogue rule says no. */
export const CATALOGUE_MESSAGES = {
  unitMissing: '所选的承办单位不存在。',
  ownUnitMissing: '所属单位不存在。',
  personUnitMissing: '所属单位不存在，请先添加单位。',
  unitNotFound: '找不到这个单位。',
  personNotFound: '找不到这位人员。',
  accountNotFound: '找不到这个账号。',
  unitNameTaken: (name: string) => `已有名为「${name}」的单位。`,
  usernameTaken: (username: string) => `用户名「${username}」已被使用。`,
  ownAccount: '不能停用自己正在使用的账号。',
  lastAdmin: '这是最后一个可用的管理员账号，不能停用。',
} as const;

/** Refuse a unit id the catalogue does not hold, naming the field that carried it. */
export function assertUnitExists(catalogue: Pick<CatalogueLookup, 'units'>, unitId: string, field: string, message: string = CATALOGUE_MESSAGES.unitMissing): void {
  if (!catalogue.units[unitId]) throw refuse('NOT_FOUND', message, { field });
}

/**
 * The record an edit names, checked to be the version its editor saw (the loser of a race gets
 * CONFLICT with the fresh record); undefined when no id is given, for a new record.
 */
export function recordToEdit<T extends { version: number }>(
  records: Readonly<Record<string, T>>,
  id: string | null,
  expectedVersion: number | null,
  notFound: { message: string; field: string },
): T | undefined {
  if (!id) return undefined;
  const existing = records[id];
  if (!existing) throw refuse('NOT_FOUND', notFound.message, { field: notFound.field });
  if (existing.version !== expectedVersion) throw refuse('CONFLICT', undefined, { fresh: existing });
  return existing;
}

/** No two units share a name; the unit being renamed may keep its own. */
export function assertUnitNameFree(units: Readonly<Record<string, Unit>>, name: string, ownId: string | null): void {
  if (Object.values(units).some((u) => u.name === name && u.id !== ownId)) throw refuse('DUPLICATE', CATALOGUE_MESSAGES.unitNameTaken(name), { field: 'name' });
}

/** No two accounts share a username. */
export function assertUsernameFree(accounts: Readonly<Record<string, Pick<AccountFacts, 'username'>>>, username: string): void {
  if (Object.values(accounts).some((a) => a.username === username)) throw refuse('DUPLICATE', CATALOGUE_MESSAGES.usernameTaken(username), { field: 'username' });
}

/** A new unit, or the edited one at its next version; `before` is what it was (for the audit). */
export function saveUnit(catalogue: CatalogueLookup, input: Omit<UnitSaveInput, 'commandId'>, newId: () => string): { unit: Unit; before: Unit | undefined } {
  const before = recordToEdit(catalogue.units, input.unitId, input.expectedVersion, { message: CATALOGUE_MESSAGES.unitNotFound, field: 'unitId' });
  assertUnitNameFree(catalogue.units, input.name, input.unitId);
  const unit: Unit = { id: before?.id ?? newId(), name: input.name, kind: input.kind, level: input.level, version: (before?.version ?? 0) + 1 };
  return { unit, before };
}

/** A new person, or the edited one at its next version; their unit must exist. */
export function savePerson(catalogue: CatalogueLookup, input: Omit<PersonSaveInput, 'commandId'>, newId: () => string): { person: Person; before: Person | undefined } {
  const before = recordToEdit(catalogue.people, input.personId, input.expectedVersion, { message: CATALOGUE_MESSAGES.personNotFound, field: 'personId' });
  assertUnitExists(catalogue, input.unitId, 'unitId', CATALOGUE_MESSAGES.personUnitMissing);
  const person: Person = { id: before?.id ?? newId(), name: input.name, title: input.title, unitId: input.unitId, principal: input.principal, version: (before?.version ?? 0) + 1 };
  return { person, before };
}

/**
 * Disable or re-enable an account: what it becomes, or null when it already is so. An admin cannot
 * disable their own account, and the last active admin cannot be disabled: someone must always be
 * able to run the programme.
 */
export function setAccountDisabled<T extends AccountFacts>(
  accounts: Readonly<Record<string, T>>,
  input: Omit<AccountSetDisabledInput, 'commandId'>,
  actorAccountId: string,
): { before: T; after: T | null } {
  const before = accounts[input.accountId];
  if (!before) throw refuse('NOT_FOUND', CATALOGUE_MESSAGES.accountNotFound, { field: 'accountId' });
  if (before.disabled === input.disabled) return { before, after: null };
  if (input.disabled && before.id === actorAccountId) throw refuse('FORBIDDEN', CATALOGUE_MESSAGES.ownAccount, { field: 'accountId' });
  const activeAdmins = Object.values(accounts).filter((a) => a.role === 'admin' && !a.disabled);
  if (input.disabled && before.role === 'admin' && activeAdmins.length <= 1) throw refuse('FORBIDDEN', CATALOGUE_MESSAGES.lastAdmin, { field: 'accountId' });
  return { before, after: { ...before, disabled: input.disabled, version: before.version + 1 } };
}
