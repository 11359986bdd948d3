import { describe, expect, it } from 'vitest';
import {
  formatChinaTime,
  formatProblem,
  HISTORY_COLUMNS,
  parseChinaTime,
  parseDay,
  parseLeader,
  splitList,
  validateHistoryRow,
  validateHistorySheet,
} from '../../shared/domain/historyImport';

/** A valid 转督办 row, closed after a 满意 callback; tests break one thing at a time. */
const supervised: Record<string, string> = {
  节目日期: '2025-03-05',
  期号: '9',
  上线单位: '市住房和城乡建设局',
  上线领导: '王强（局长）',
  主要负责人: '王强',
  节目主题: '老旧小区改造',
  序号: '3',
  诉求来源: '12345热线',
  来电时间: '2025-03-05 09:12',
  来电人: '李明',
  称呼: '先生',
  联系电话: '13912345678',
  区域: '云龙区',
  诉求类别: '城乡建设',
  诉求内容: '小区外墙脱落，存在安全隐患。',
  办理结果: '转督办',
  承办单位: '市住房和城乡建设局',
  复杂程度: '一般',
  交办时间: '2025-03-05 09:40',
  办理期限: '2025-03-12',
  单位答复时间: '2025-03-10 15:00',
  单位答复内容: '已组织施工单位修复。',
  回访时间: '2025-03-11 10:00',
  回访结果: '已联系上',
  满意度: '满意',
  办结时间: '2025-03-11 10:20',
};

const answered: Record<string, string> = {
  ...Object.fromEntries(Object.entries(supervised).filter(([k]) => !['承办单位', '复杂程度', '交办时间', '办理期限', '单位答复时间', '单位答复内容', '回访时间', '回访结果', '满意度', '办结时间'].includes(k))),
  办理结果: '现场回应',
  现场答复要点: '局长现场答复：本周内安排排查。',
};

const problemsOf = (cells: Record<string, string>) => validateHistoryRow(cells, 7).problems;
const messages = (cells: Record<string, string>) => problemsOf(cells).map((p) => `${p.column}:${p.message}`);

describe('history sheet format (shared/domain/historyImport.ts)', () => {
  it('lists the columns of the issue, with the required ones marked', () => {
    const names = HISTORY_COLUMNS.map((c) => c.name);
    for (const name of ['节目日期', '期号', '上线单位', '上线领导', '节目主题', '诉求来源', '来电时间', '来电人', '联系电话', '区域', '诉求类别', '诉求内容', '办理结果', '现场答复要点', '承办单位', '复杂程度', '交办时间', '办理期限', '单位答复时间', '单位答复内容', '回访时间', '回访结果', '满意度', '办结时间']) {
      expect(names).toContain(name);
    }
    expect(HISTORY_COLUMNS.filter((c) => c.rule === 'required').map((c) => c.name)).toEqual(['节目日期', '期号', '上线单位', '节目主题', '诉求来源', '来电时间', '诉求内容', '办理结果']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('reads dates and China times in the usual spellings', () => {
    expect(parseDay('2025/3/5')).toBe('2025-03-05');
    expect(parseDay('2025年3月5日')).toBe('2025-03-05');
    expect(parseDay('2025-02-30')).toBeNull();
    expect(parseChinaTime('2025-03-05 09:12')).toBe(Date.parse('2025-03-05T01:12:00Z'));
    expect(parseChinaTime('2025/3/5 9:12:30')).toBe(Date.parse('2025-03-05T01:12:30Z'));
    expect(parseChinaTime('2025-03-05')).toBe(Date.parse('2025-03-05T04:00:00Z'));
    expect(parseChinaTime('2025-03-05 25:00')).toBeNull();
    expect(formatChinaTime('2025-03-05T01:12:30.000Z')).toBe('2025-03-05 09:12:30');
    expect(parseLeader('王强（局长）')).toEqual({ name: '王强', title: '局长' });
    expect(parseLeader('王强(局长)')).toEqual({ name: '王强', title: '局长' });
    expect(parseLeader('王强')).toEqual({ name: '王强', title: '' });
    // Lists split on 、 but never inside brackets.
    expect(splitList('市级、县（市、区）')).toEqual(['市级', '县（市、区）']);
    expect(splitList('市城管局（市执法局）、市水务局；市交通局')).toEqual(['市城管局（市执法局）', '市水务局', '市交通局']);
  });

  it('accepts a valid supervised row and a valid answered row, with their own times', () => {
    const { value, problems } = validateHistoryRow(supervised, 2);
    expect(problems).toEqual([]);
    expect(value!.episode).toMatchObject({ key: '2025#9', date: '2025-03-05', number: 9, leaders: [{ name: '王强', title: '局长', unitName: '市住房和城乡建设局', principal: true }] });
    expect(value!.channel).toBe('hotline');
    expect(value!.supervision).toMatchObject({ unitName: '市住房和城乡建设局', complexity: 'normal', deadline: '2025-03-12', callback: { reached: true, rating: 'satisfied' } });
    expect(value!.supervision!.closedAt).toBe(Date.parse('2025-03-11T02:20:00Z'));
    const on = validateHistoryRow({ ...answered, 回访时间: '2025-03-07 10:00', 满意度: '基本满意' }, 3);
    expect(on.problems).toEqual([]);
    expect(on.value!.onAirCallback).toMatchObject({ reached: true, rating: 'basically_satisfied' });
    const anonymous = validateHistoryRow({ ...answered, 来电人: '匿名', 联系电话: '', 称呼: '' }, 4);
    expect(anonymous.problems).toEqual([]);
    expect(anonymous.value!.caller).toEqual({ anonymous: true, name: '', title: null, phone: '' });
  });

  it('names a missing required column', () => {
    expect(messages({ ...supervised, 诉求内容: '' })).toEqual(['诉求内容:缺少必填项']);
    expect(messages({ ...supervised, 节目日期: '', 期号: '' })).toEqual(['节目日期:缺少必填项', '期号:缺少必填项']);
    expect(messages({ ...supervised, 承办单位: '' })[0]).toMatch(/^承办单位:缺少必填项/);
    expect(messages({ ...answered, 现场答复要点: '' })[0]).toMatch(/^现场答复要点:缺少必填项/);
  });

  it('refuses bad dates, times and values', () => {
    expect(messages({ ...supervised, 节目日期: '2025-02-30' })).toContain('节目日期:「2025-02-30」不是有效日期（应如 2025-03-05）');
    expect(messages({ ...supervised, 来电时间: '上午九点' })[0]).toMatch(/^来电时间:「上午九点」不是有效的日期时间/);
    expect(messages({ ...supervised, 诉求来源: '微信' })[0]).toMatch(/^诉求来源:「微信」不是允许的值（只能是 12345热线 \/ 直播热线 \/ 网络留言）/);
    expect(messages({ ...supervised, 办理结果: '已办结' })[0]).toMatch(/^办理结果:「已办结」不是允许的值/);
    expect(messages({ ...supervised, 满意度: '很满意' })[0]).toMatch(/^满意度:「很满意」不是允许的值/);
    expect(messages({ ...supervised, 联系电话: '12345' })).toEqual(['联系电话:「12345」不是有效的手机或座机号码']);
    expect(messages({ ...supervised, 联系电话: '' })[0]).toMatch(/^联系电话:非匿名来电须填写联系电话/);
    expect(messages({ ...supervised, 来电时间: '2025-03-06 09:00', 交办时间: '2025-03-06 09:10' }).join()).toMatch(/来电时间:晚于节目日期 2025-03-05/);
  });

  it('keeps the order of the domain: hand-over, deadline, reply, callback, close', () => {
    expect(messages({ ...supervised, 办理期限: '2025-03-04' })).toEqual(['办理期限:办理期限 2025-03-04 早于交办日 2025-03-05']);
    expect(messages({ ...supervised, 交办时间: '2025-03-05 09:00' })).toEqual(['交办时间:早于来电时间']);
    expect(messages({ ...supervised, 交办时间: '2025-03-06 09:00', 办理期限: '2025-03-13' })).toEqual(['交办时间:应在节目日期 2025-03-05 当天（直播中或直播结束时转督办）']);
    expect(messages({ ...supervised, 单位答复时间: '2025-03-11 10:30' })).toEqual(['回访时间:早于单位答复时间', '办结时间:早于单位答复时间']);
    expect(messages({ ...supervised, 单位答复时间: '', 单位答复内容: '' })).toEqual(['回访时间:单位尚未答复，不能回访（督办诉求先答复、后回访）', '办结时间:单位尚未答复，不能办结']);
    expect(messages({ ...supervised, 单位答复内容: '' })).toEqual(['单位答复内容:有单位答复时间却没有答复内容']);
    expect(messages({ ...supervised, 回访时间: '', 回访结果: '', 满意度: '' })).toEqual(['办结时间:没有回访，不能办结（须回访并记录满意度，或三次未联系上）']);
    expect(messages({ ...supervised, 办结时间: '2025-03-11 09:00' })).toEqual(['办结时间:早于回访时间']);
    expect(messages({ ...supervised, 满意度: '不满意' })).toEqual(['办结时间:回访不满意的诉求会退回单位重新办理，不能以「不满意」办结']);
    // 未联系上 and closed: the import records the three calls the rule asks for.
    const unreached = validateHistoryRow({ ...supervised, 回访结果: '未联系上', 满意度: '' }, 2);
    expect(unreached.problems).toEqual([]);
    expect(unreached.value!.supervision!.closeNote).toBe('三次回访均未联系上，按规定办结');
  });

  it('a rating needs a callback, and the callback outcome must agree with it', () => {
    expect(messages({ ...answered, 满意度: '满意' })).toEqual(['满意度:有满意度却没有回访时间（满意度只能来自回访）']);
    expect(messages({ ...supervised, 回访结果: '未联系上' })).toEqual(['回访结果:未联系上时不能有满意度']);
    expect(messages({ ...supervised, 满意度: '', 办结时间: '' })).toEqual(['满意度:回访已联系上，须记录满意度']);
  });

  it('keeps supervision columns off answered and invalid rows', () => {
    expect(messages({ ...answered, 承办单位: '市住房和城乡建设局', 办结时间: '2025-03-11' })).toEqual([
      '承办单位:现场回应的诉求不应填写此项（只有转督办才有承办、期限、答复和办结）',
      '办结时间:现场回应的诉求不应填写此项（只有转督办才有承办、期限、答复和办结）',
    ]);
    expect(messages({ ...answered, 办理结果: '无效', 现场答复要点: '' })).toEqual([]);
    expect(messages({ ...answered, 办理结果: '无效' })).toEqual(['现场答复要点:无效来电不应填写此项']);
  });

  it('checks the sheet as a whole: one episode alike on every row, unique 序号, known units', () => {
    const rows = [
      { row: 2, cells: supervised },
      { row: 3, cells: { ...answered, 序号: '4' } },
      { row: 4, cells: { ...answered, 序号: '4' } },
      { row: 5, cells: { ...answered, 序号: '5', 节目主题: '另一个主题' } },
      { row: 6, cells: { ...supervised, 序号: '6', 承办单位: '市住建局' } },
      { row: 7, cells: { ...supervised, 序号: '7', 承办单位: '市水务局' } },
    ];
    const check = validateHistorySheet(rows, [], new Set(['市水务局']));
    expect(check.problems.map((p) => formatProblem(p))).toEqual([
      '第 4 行［序号］：本期序号 4 与第 3 行重复',
      '第 5 行［期号］：2025年第9期与第 2 行的节目时段、主持人、上线单位、上线领导或节目主题不一致：同一期的各行须一致',
      '第 6 行［承办单位］：未知单位「市住建局」：不在单位目录中，也不是本表任何一期的上线单位（请核对名称）',
    ]);
    expect(check.episodes).toHaveLength(1);
  });

  it('checks the publications sheet against the appeals', () => {
    const pub = (cells: Record<string, string>) => ({ row: 2, cells: { 节目日期: '2025-03-05', 期号: '9', 类型: '民生热点', 标题: '老旧小区外墙脱落', 内容: '已排查修复', 发布时间: '2025-03-06 10:00', 关联诉求序号: '3', ...cells } });
    const appeals = [{ row: 2, cells: supervised }, { row: 3, cells: { ...answered, 序号: '4', 办理结果: '无效', 现场答复要点: '' } }];
    expect(validateHistorySheet(appeals, [pub({})]).problems).toEqual([]);
    expect(validateHistorySheet(appeals, [pub({ 类型: '通知', 关联诉求序号: '9' })]).problems.map((p) => formatProblem(p, '发布表'))).toEqual(['发布表第 2 行［类型］：「通知」只能是 民生热点 / 政策问答']);
    expect(validateHistorySheet(appeals, [pub({ 关联诉求序号: '9' })]).problems.map((p) => p.message)).toEqual(['本期没有序号为 9 的诉求']);
    expect(validateHistorySheet(appeals, [pub({ 关联诉求序号: '4' })]).problems.map((p) => p.message)).toEqual(['序号 4 是无效来电，不能关联到发布内容']);
    expect(validateHistorySheet(appeals, [pub({ 期号: '10' })]).problems.map((p) => p.message)).toEqual(['诉求表中没有 2025年第10期']);
  });
});
