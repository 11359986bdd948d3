import { refuse } from './errors';

/**
 * The controlled list of appeal categories (诉求类别). Intake picks from the active ones; a retired
 * category stays valid for the appeals that already carry it; a renamed one keeps its former names,
 * so older appeals still count under it. Appeals store the category's name (as they always did), so
 * free text written before the list existed stays readable; the reports group every name by this
 * list, anything not on it under 其他. Pure: the catalogue service keeps the list and makes changes durable.
 */
export interface Category {
  id: string;
  name: string;
  /** Retired: no longer offered at intake, still valid on the appeals that carry it. */
  retired: boolean;
  /** Names it had before a rename: older appeals carrying them count under this category. */
  formerNames: string[];
  /** Position in the list (the seed order, then added ones at the end). */
  order: number;
  version: number;
}

/** Where the reports put every appeal whose category is not on the list (old free text, none given). */
export const OTHER_CATEGORY = '其他';

/**
 * The seed: the 12345 categories the annual reports count (Xuzhou 2025 共享主题 such as 供暖服务、
 * 路况管理、社会保障、物业管理、住房保障、城乡规划、教育政策、拖欠薪资、环境保护、公共安全、
 * 食品安全、文明城市创建; Suqian 2022 企业诉求、疫情防控), with the finer 12345 work-order categories the
 * studio takes calls on, and 其他 last. Real hotline vocabulary, not invented labels.
 */
export const SEED_CATEGORIES: readonly string[] = [
  // The reports' own themes (徐州 2025 表"12345热线共享诉求数量情况"; 宿迁 2022).
  '供暖服务', '路况管理', '社会保障', '综合审批', '拆迁改造', '政务效能', '教育政策', '行政管理', '应急抢修', '物业管理',
  '教育规范', '农业', '水利', '医疗卫生', '住房保障', '城乡规划', '社会福利', '社会救助', '价格管理', '行政执法',
  '拖欠薪资', '环境保护', '城乡建设', '文明城市创建', '为民办实事', '公共安全', '生态环境', '食品安全', '工资支付', '企业诉求',
  '人才服务', '疫情防控',
  // Work-order categories of the hotline (交通、城管、住建、水电气、人社、医保、教育、市场监管…).
  '交通', '交通出行', '教育', '公共交通', '公交线路', '公交服务', '出租车', '出租车服务', '网约车', '共享单车', '地铁建设',
  '道路施工', '道路养护', '农村道路', '农村公路', '交通设施', '交通秩序', '交通信号', '交管业务', '违章停车', '停车管理',
  '市容环境', '市容环卫', '城市管理', '城市照明', '路灯照明', '占道经营', '违章搭建', '渣土运输', '绿化养护', '餐饮油烟',
  '噪音扰民', '噪声污染', '施工噪声', '大气污染', '水污染', '固体废物', '排水防涝', '农村人居环境',
  '加装电梯', '老旧小区改造', '房屋质量', '房产交易', '不动产登记', '保障性住房', '住宅专项维修资金', '住房公积金', '拆迁安置', '规划管理',
  '供水服务', '二次供水', '水质问题', '水费', '燃气服务', '燃气安装', '燃气安全', '供电服务', '供电设施', '停电抢修',
  '农村电网', '电费', '充电设施', '电动自行车', '通信信号', '宽带服务', '资费争议', '快递服务', '特种设备', '消防安全',
  '就业创业', '职业技能', '劳动合同', '社会保险', '退休待遇', '优抚安置', '养老服务', '残疾人服务', '殡葬服务', '婚姻登记',
  '医疗服务', '医疗收费', '医德医风', '基层医疗', '预约挂号', '疫苗接种', '医保支付', '医保报销', '异地就医', '城乡居民医保',
  '入学政策', '学位紧张', '教育收费', '校外培训', '校园安全', '学校食堂', '消费维权', '产品质量', '虚假宣传', '价格监管',
  '营商环境', '税费缴纳', '金融服务', '电信诈骗', '治安管理', '户籍办理', '出入境', '政务服务', '基层治理', '土地承包',
  '土地征收', '惠农补贴', '农业生产', '旅游投诉', '景区管理', '文体设施', '公共文化',
  OTHER_CATEGORY,
];

export const CATEGORY_MESSAGES = {
  notOnList: (name: string) => `诉求类别「${name}」不在类别列表中，请从列表中选择（类别由管理员在“系统管理”中维护）。`,
  retired: (name: string) => `诉求类别「${name}」已停用，请从列表中选择其他类别。`,
  nameTaken: (name: string) => `已有名为「${name}」的类别。`,
  notFound: '找不到这个类别。',
} as const;

/** The seed list as records, in the seed order. */
export function seedCategories(newId: () => string): Record<string, Category> {
  const out: Record<string, Category> = {};
  SEED_CATEGORIES.forEach((name, order) => {
    const id = newId();
    out[id] = { id, name, retired: false, formerNames: [], order, version: 1 };
  });
  return out;
}

/** The list in its order (retired ones included). */
export function listCategories(categories: Readonly<Record<string, Category>>): Category[] {
  return Object.values(categories).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The names offered at intake, in list order. */
export function activeCategoryNames(categories: Readonly<Record<string, Category>>): string[] {
  return listCategories(categories)
    .filter((c) => !c.retired)
    .map((c) => c.name);
}

/**
 * Why a category is not one to pick, or null when it is: an active category of the list. Where a
 * citizen picks (the public message page) this refuses; at the studio's intake it is only a hint,
 * since no caller is held up mid-show for a category (the reports count it under 其他). An empty
 * category (a prank call, not yet known) is fine. Without a list nothing is refused.
 */
export function categoryProblem(categories: Readonly<Record<string, Category>> | undefined, name: string): string | null {
  const wanted = name.trim();
  if (!wanted || !categories) return null;
  const found = Object.values(categories).find((c) => c.name === wanted);
  if (!found) return CATEGORY_MESSAGES.notOnList(wanted);
  if (found.retired) return CATEGORY_MESSAGES.retired(wanted);
  return null;
}

/**
 * The category an appeal counts under in the reports: the list's current name for its own name or a
 * former one (retired categories included: they stay valid for old appeals), else 其他.
 */
export function categoryGrouper(categories: Readonly<Record<string, Category>>): (name: string) => string {
  const byName = new Map<string, string>();
  for (const c of listCategories(categories)) for (const old of c.formerNames) byName.set(old, c.name);
  for (const c of listCategories(categories)) byName.set(c.name, c.name);
  return (name) => byName.get(name.trim()) ?? OTHER_CATEGORY;
}

/** Counts by raw category name regrouped by the list, largest first (其他 among them by its count). */
export function groupCategoryCounts(counts: Iterable<{ key: string; count: number }>, categories: Readonly<Record<string, Category>>): Array<{ key: string; count: number }> {
  const group = categoryGrouper(categories);
  const out = new Map<string, number>();
  for (const { key, count } of counts) {
    const name = group(key);
    out.set(name, (out.get(name) ?? 0) + count);
  }
  return [...out]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

export interface CategorySaveFields {
  categoryId: string | null;
  expectedVersion: number | null;
  name: string;
  retired: boolean;
}

/**
 * A new category, or the edited one at its next version (renamed: the old name kept among its former
 * names; retired or back in use). Names are unique over current names; `before` is for the audit.
 */
export function saveCategory(
  categories: Readonly<Record<string, Category>>,
  input: CategorySaveFields,
  newId: () => string,
): { category: Category; before: Category | undefined } {
  const name = input.name.trim();
  let before: Category | undefined;
  if (input.categoryId) {
    before = categories[input.categoryId];
    if (!before) throw refuse('NOT_FOUND', CATEGORY_MESSAGES.notFound, { field: 'categoryId' });
    if (before.version !== input.expectedVersion) throw refuse('CONFLICT', undefined, { fresh: before });
  }
  if (Object.values(categories).some((c) => c.name === name && c.id !== input.categoryId)) throw refuse('DUPLICATE', CATEGORY_MESSAGES.nameTaken(name), { field: 'name' });
  if (!before) {
    const order = Math.max(-1, ...Object.values(categories).map((c) => c.order)) + 1;
    return { category: { id: newId(), name, retired: input.retired, formerNames: [], order, version: 1 }, before };
  }
  const formerNames = before.name !== name ? [...before.formerNames.filter((n) => n !== name), before.name] : before.formerNames;
  return { category: { ...before, name, retired: input.retired, formerNames, version: before.version + 1 }, before };
}
