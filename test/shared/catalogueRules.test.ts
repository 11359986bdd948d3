import { describe, expect, it } from 'vitest';
import { assertUnitExists, assertUsernameFree, saveUnit, savePerson, setAccountDisabled, type AccountFacts } from '../../shared/domain/catalogueRules';
import { receiveAppeal, updateAppeal, handOverToSupervision } from '../../shared/domain/appealRules';
import { appealInput, buildAppeal, buildCatalogue, buildState, ctx, ref, refused, snapshot } from './builders';

const ids = () => {
  let n = 0;
  return () => `new-${++n}`;
};

function account(overrides: Partial<AccountFacts> = {}): AccountFacts {
  return { id: 'acc-admin', username: 'admin', role: 'admin', disabled: false, version: 1, ...overrides };
}

function accounts(...list: AccountFacts[]): Record<string, AccountFacts> {
  return Object.fromEntries(list.map((a) => [a.id, a]));
}

describe('units', () => {
  it('a new unit gets a fresh id and version 1', () => {
    const { unit, before } = saveUnit(buildCatalogue(), { unitId: null, expectedVersion: null, name: '市交通运输局', kind: 'department', level: '市级' }, ids());
    expect(unit).toEqual({ id: 'new-1', name: '市交通运输局', kind: 'department', level: '市级', version: 1 });
    expect(before).toBeUndefined();
  });

  it('an edit keeps the id, bumps the version and hands back what it was', () => {
    const catalogue = buildCatalogue();
    const { unit, before } = saveUnit(catalogue, { unitId: 'unit-cg', expectedVersion: 1, name: '市城市管理局', kind: 'department', level: '区级' }, ids());
    expect(unit).toMatchObject({ id: 'unit-cg', level: '区级', version: 2 });
    expect(before).toBe(catalogue.units['unit-cg']);
  });

  it('a second unit of the same name is refused; a unit may keep its own name', () => {
    const error = refused(() => saveUnit(buildCatalogue(), { unitId: null, expectedVersion: null, name: '市城市管理局', kind: 'department', level: '市级' }, ids()), 'DUPLICATE');
    expect(error.message).toBe('已有名为「市城市管理局」的单位。');
    expect(error.details.field).toBe('name');
    const renamedAway = () => saveUnit(buildCatalogue(), { unitId: 'unit-zj', expectedVersion: 1, name: '市城市管理局', kind: 'department', level: '市级' }, ids());
    expect(refused(renamedAway, 'DUPLICATE').details.field).toBe('name');
  });

  it('an edit made on an older version loses with CONFLICT and the fresh unit', () => {
    const catalogue = buildCatalogue();
    const error = refused(() => saveUnit(catalogue, { unitId: 'unit-cg', expectedVersion: 0, name: '新名', kind: 'department', level: '市级' }, ids()), 'CONFLICT');
    expect(error.details.fresh).toBe(catalogue.units['unit-cg']);
  });

  it('an edit of a unit that does not exist is NOT_FOUND on unitId', () => {
    const error = refused(() => saveUnit(buildCatalogue(), { unitId: 'nope', expectedVersion: 1, name: 'x', kind: 'department', level: '市级' }, ids()), 'NOT_FOUND');
    expect(error.details.field).toBe('unitId');
  });

  it('leaves the catalogue it was given untouched', () => {
    const catalogue = buildCatalogue();
    const before = snapshot(catalogue);
    saveUnit(catalogue, { unitId: 'unit-cg', expectedVersion: 1, name: '改名', kind: 'department', level: '市级' }, ids());
    expect(catalogue).toEqual(before);
  });
});

describe('people', () => {
  const input = { personId: null, expectedVersion: null, name: '王强', title: '局长', unitId: 'unit-zj', principal: true };

  it('a new person belongs to an existing unit', () => {
    expect(savePerson(buildCatalogue(), input, ids()).person).toEqual({ id: 'new-1', name: '王强', title: '局长', unitId: 'unit-zj', principal: true, version: 1 });
  });

  it('a person of a unit that does not exist is refused, naming the unit field', () => {
    const error = refused(() => savePerson(buildCatalogue(), { ...input, unitId: 'unit-gone' }, ids()), 'NOT_FOUND');
    expect(error.message).toBe('所属单位不存在，请先添加单位。');
    expect(error.details.field).toBe('unitId');
  });

  it('an edit checks the person exists, then the version, then the unit', () => {
    expect(refused(() => savePerson(buildCatalogue(), { ...input, personId: 'nobody', unitId: 'unit-gone' }, ids()), 'NOT_FOUND').details.field).toBe('personId');
    refused(() => savePerson(buildCatalogue(), { ...input, personId: 'p-zhang', expectedVersion: 3, unitId: 'unit-gone' }, ids()), 'CONFLICT');
    expect(savePerson(buildCatalogue(), { ...input, personId: 'p-zhang', expectedVersion: 1 }, ids()).person).toMatchObject({ id: 'p-zhang', version: 2 });
  });
});

describe('accounts', () => {
  it('a username is taken once', () => {
    expect(() => assertUsernameFree(accounts(account()), 'op01')).not.toThrow();
    const error = refused(() => assertUsernameFree(accounts(account()), 'admin'), 'DUPLICATE');
    expect(error.message).toBe('用户名「admin」已被使用。');
    expect(error.details.field).toBe('username');
  });

  it('an admin cannot disable the account they are using', () => {
    const all = accounts(account(), account({ id: 'acc-2', username: 'admin2' }));
    expect(refused(() => setAccountDisabled(all, { accountId: 'acc-admin', disabled: true }, 'acc-admin'), 'FORBIDDEN').message).toBe('不能停用自己正在使用的账号。');
  });

  it('the last active admin cannot be disabled, while a second one can', () => {
    const alone = accounts(account(), account({ id: 'acc-2', username: 'admin2', disabled: true }), account({ id: 'acc-op', username: 'op', role: 'operator' }));
    expect(refused(() => setAccountDisabled(alone, { accountId: 'acc-admin', disabled: true }, 'acc-op'), 'FORBIDDEN').message).toBe('这是最后一个可用的管理员账号，不能停用。');
    const two = accounts(account(), account({ id: 'acc-2', username: 'admin2' }));
    expect(setAccountDisabled(two, { accountId: 'acc-admin', disabled: true }, 'acc-2').after).toMatchObject({ disabled: true, version: 2 });
  });

  it('asking for the state an account is already in changes nothing', () => {
    expect(setAccountDisabled(accounts(account()), { accountId: 'acc-admin', disabled: false }, 'acc-admin').after).toBeNull();
  });

  it('re-enabling is always allowed, even for one\'s own account', () => {
    const all = accounts(account({ disabled: true }));
    expect(setAccountDisabled(all, { accountId: 'acc-admin', disabled: false }, 'acc-admin').after).toMatchObject({ disabled: false, version: 2 });
  });

  it('an unknown account is NOT_FOUND on accountId', () => {
    expect(refused(() => setAccountDisabled(accounts(account()), { accountId: 'nope', disabled: true }, 'acc-admin'), 'NOT_FOUND').details.field).toBe('accountId');
  });
});

describe('unit existence, the one check every rule uses', () => {
  it('names the field and says the standard sentence unless told another', () => {
    const error = refused(() => assertUnitExists(buildCatalogue(), 'nope', 'targetUnitId'), 'NOT_FOUND');
    expect(error.message).toBe('所选的承办单位不存在。');
    expect(error.details.field).toBe('targetUnitId');
    expect(refused(() => assertUnitExists(buildCatalogue(), 'nope', 'unitId', '所属单位不存在。'), 'NOT_FOUND').message).toBe('所属单位不存在。');
  });

  it('the appeal rules reach the catalogue through the rule context', () => {
    const state = buildState({ appeals: [buildAppeal()] });
    const appeal = Object.values(state.appeals)[0];
    expect(refused(() => receiveAppeal(state, { ...appealInput(), targetUnitId: 'unit-gone' }, ctx()), 'NOT_FOUND').details.field).toBe('targetUnitId');
    expect(refused(() => updateAppeal(state, { ...ref(appeal), patch: { targetUnitId: 'unit-gone' } }, ctx()), 'NOT_FOUND').details.field).toBe('patch.targetUnitId');
    expect(refused(() => handOverToSupervision(state, { ...ref(appeal), reason: 'r', points: '', commitment: '', unitId: 'unit-gone' }, ctx()), 'NOT_FOUND').details.field).toBe('unitId');
    // A unit the catalogue holds passes.
    expect(receiveAppeal(state, { ...appealInput(), targetUnitId: 'unit-zj' }, ctx())).toHaveLength(1);
  });
});
