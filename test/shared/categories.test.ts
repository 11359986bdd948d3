import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors';
import {
  activeCategoryNames,
  categoryGrouper,
  categoryProblem,
  groupCategoryCounts,
  OTHER_CATEGORY,
  saveCategory,
  SEED_CATEGORIES,
  seedCategories,
  type Category,
} from '../../shared/domain/categories';

let n = 0;
const newId = () => `c${n++}`;
const seeded = () => seedCategories(newId);
const byName = (list: Record<string, Category>, name: string) => Object.values(list).find((c) => c.name === name)!;

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('the seeded category list', () => {
  it('holds the categories the annual reports count, each once, with 其他 last', () => {
    for (const name of ['供暖服务', '路况管理', '社会保障', '物业管理', '住房保障', '城乡规划', '教育政策', '拖欠薪资', '环境保护', '公共安全', '食品安全']) expect(SEED_CATEGORIES).toContain(name);
    expect(new Set(SEED_CATEGORIES).size).toBe(SEED_CATEGORIES.length);
    expect(SEED_CATEGORIES.at(-1)).toBe(OTHER_CATEGORY);
  });

  it('offers every seeded category at intake, in the seed order', () => {
    expect(activeCategoryNames(seeded())).toEqual([...SEED_CATEGORIES]);
  });

  it('holds every category the existing tests and the demo year use for real appeals', () => {
    for (const name of ['物业管理', '市容环境', '加装电梯', '交通出行', '交通', '房屋质量', '公共交通', '供水服务', '道路施工', '老旧小区改造', '排水防涝', '城市管理', '城市照明', '噪音扰民', '出租车服务', '其他', '供暖服务', '住房保障']) {
      expect(categoryProblem(seeded(), name), name).toBeNull();
    }
  });
});

describe('which category a new appeal may carry', () => {
  it('accepts an active category, with the spaces typed around it', () => {
    expect(categoryProblem(seeded(), ' 物业管理 ')).toBeNull();
  });

  it('refuses free text that is not on the list, saying so in Chinese', () => {
    expect(categoryProblem(seeded(), "'); DROP TABLE appeals;--")).toMatch(/不在类别列表中/);
  });

  it('refuses a retired category for new appeals', () => {
    const list = seeded();
    const heating = byName(list, '供暖服务');
    list[heating.id] = { ...heating, retired: true };
    expect(categoryProblem(list, '供暖服务')).toMatch(/已停用/);
  });

  it('allows an empty category (a prank call, not yet known), which counts under 其他', () => {
    expect(categoryProblem(seeded(), '')).toBeNull();
    expect(categoryGrouper(seeded())('')).toBe(OTHER_CATEGORY);
  });

  it('refuses nothing for records from before the list existed', () => {
    expect(categoryProblem(undefined, '随便写的')).toBeNull();
  });
});

describe('keeping the list', () => {
  it('adds a category at the end of the list', () => {
    const list = seeded();
    const { category } = saveCategory(list, { categoryId: null, expectedVersion: null, name: '低空经济', retired: false }, newId);
    expect(category).toMatchObject({ name: '低空经济', retired: false, version: 1, order: SEED_CATEGORIES.length });
  });

  it('refuses a second category of the same name', () => {
    expect(refusal(() => saveCategory(seeded(), { categoryId: null, expectedVersion: null, name: '物业管理', retired: false }, newId)).code).toBe('DUPLICATE');
  });

  it('a rename keeps the old name, so older appeals still count under the category', () => {
    const list = seeded();
    const water = byName(list, '供水服务');
    const { category } = saveCategory(list, { categoryId: water.id, expectedVersion: 1, name: '城市供水', retired: false }, newId);
    expect(category).toMatchObject({ name: '城市供水', formerNames: ['供水服务'], version: 2 });
    list[water.id] = category;
    expect(categoryGrouper(list)('供水服务')).toBe('城市供水');
    expect(categoryProblem(list, '供水服务')).toMatch(/不在类别列表中/);
  });

  it('an edit against an older version is a conflict carrying the fresh record', () => {
    const list = seeded();
    const water = byName(list, '供水服务');
    const error = refusal(() => saveCategory(list, { categoryId: water.id, expectedVersion: 7, name: '城市供水', retired: false }, newId));
    expect(error.code).toBe('CONFLICT');
    expect(error.details.fresh).toEqual(water);
  });
});

describe('grouping the reports by the list', () => {
  it('counts listed and retired categories by name, old names under the new one, and everything else under 其他', () => {
    const list = seeded();
    const heating = byName(list, '供暖服务');
    list[heating.id] = { ...heating, retired: true };
    const water = byName(list, '供水服务');
    list[water.id] = { ...water, name: '城市供水', formerNames: ['供水服务'], version: 2 };
    const grouped = groupCategoryCounts(
      [
        { key: '物业管理', count: 6 },
        { key: '供暖服务', count: 2 },
        { key: '供水服务', count: 1 },
        { key: '城市供水', count: 1 },
        { key: "<script>alert(1)</script>", count: 1 },
        { key: '未分类', count: 3 },
        { key: '其他', count: 1 },
      ],
      list,
    );
    expect(grouped).toEqual([
      { key: '物业管理', count: 6 },
      { key: '其他', count: 5 },
      { key: '供暖服务', count: 2 },
      { key: '城市供水', count: 2 },
    ]);
  });
});
