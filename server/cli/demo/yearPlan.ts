import { formatRate } from '../../../shared/domain/satisfaction';
import type { Channel, Complexity, UnitKind } from '../../../shared/domain/types';
import { addWorkdays, chinaTime, workdaysBetween, workdaysOf } from './planCalendar';
import { matching } from './planText';
import {
  CHANNEL_WEIGHTS,
  CITY_UNITS,
  CITY_ROADS,
  COMMUNITIES,
  COUNTY_BUREAUS,
  COUNTY_UNITS,
  DISTRICT_WEIGHTS,
  DISTRICTS,
  GENERAL_QA,
  GIVEN_FEMALE,
  GIVEN_MALE,
  HANDOVER_REASONS,
  HOSTS,
  INVALID_REASONS,
  TOWN_ROADS,
  SECTORS,
  SURNAMES,
  VILLAGES,
  leaderTitles,
  type Sector,
  type UnitSeed,
} from './corpus';
import { apportion, Random } from './random';

export { addWorkdays, chinaTime, matching, workdaysBetween, workdaysOf };

/**
 * The whole year decided up front, from the seed alone: which unit goes on air on which working
 * day with which leader, every appeal with its caller, matter and minute, which calls go on air,
 * how each supervised item ends, and what is published. The simulation then plays it through the
 * services. Deciding first is what makes the totals exact and the run repeatable.
 *
 * Longer than our usual file on purpose: its stages draw from one seeded random stream in a fixed
 * order, and that order is what every generated year (and the bench's cached data) depends on.
 * Its calendar and text helpers live apart (planCalendar.ts, planText.ts); the stages stay together.
 */

/** The Xuzhou 2025 "政风热线"管理运行 figures (seeds/004), the volumes at scale 1. */
export const XUZHOU_2025 = {
  episodes: 247,
  units: 127,
  principalLeaders: 52,
  received: 12551,
  answeredOnAir: 4270,
  supervised: 8281,
  satisfaction: 0.986,
  /** 着力解决…诉求12375件: 12375 / 12551 = 98.60%, the report's resolved ÷ accepted. */
  resolved: 12375,
  hotspots: 95,
  policyQa: 724,
} as const;

export interface Targets {
  episodes: number;
  units: number;
  principalLeaders: number;
  received: number;
  answeredOnAir: number;
  supervised: number;
  satisfaction: number;
  resolved: number;
  hotspots: number;
  policyQa: number;
}

/** The volumes at a scale: every count proportional, at least one episode, unit and appeal. */
export function targetsFor(scale: number): Targets {
  const at = (n: number) => Math.round(n * scale);
  const episodes = Math.max(1, at(XUZHOU_2025.episodes));
  const received = Math.max(episodes, at(XUZHOU_2025.received));
  const answeredOnAir = Math.min(received, at(XUZHOU_2025.answeredOnAir));
  return {
    episodes,
    units: Math.min(episodes, Math.max(1, at(XUZHOU_2025.units))),
    principalLeaders: Math.min(episodes, at(XUZHOU_2025.principalLeaders)),
    received,
    answeredOnAir,
    supervised: received - answeredOnAir,
    satisfaction: XUZHOU_2025.satisfaction,
    resolved: Math.min(received, at(XUZHOU_2025.resolved)),
    hotspots: at(XUZHOU_2025.hotspots),
    policyQa: at(XUZHOU_2025.policyQa),
  };
}

export interface UnitPlan {
  index: number;
  name: string;
  kind: UnitKind;
  level: string;
  sector: Sector;
  heat: number;
  /** District and county units take calls from their own area. */
  district: District | null;
  principal: { name: string; title: string };
  deputies: Array<{ name: string; title: string }>;
  /** Filled by the simulation as the catalogue commands return. */
  id?: string;
  principalId?: string;
  deputyIds?: string[];
  liaison?: { accountId: string; displayName: string };
}

type District = (typeof DISTRICTS)[number];

export interface CallerPlan {
  anonymous: boolean;
  name: string;
  title: '先生' | '女士' | null;
  phone: string;
}

export type Fate = 'answered' | 'airedHandOver' | 'queueHandOver' | 'auto' | 'invalid';

export type FinalOutcome = 'satisfied' | 'basically_satisfied' | 'reopenedThenSatisfied' | 'unsatisfied' | 'unreachable';

export interface SupervisionPlan {
  outcome: FinalOutcome;
  /** The unit answers after the deadline, after a reminder (催办). */
  late: boolean;
  /** A complex item whose unit asks for more working days. */
  extension: boolean;
  /** The first callback does not reach the citizen. */
  missedFirstCall: boolean;
  /** Reassigned (改派) to another unit the next working day. */
  reassignTo: UnitPlan | null;
}

/** How the callback (回访) of an appeal answered on air ends: rated, or the citizen never reached. */
export type OnAirCallbackPlan = 'satisfied' | 'basically_satisfied' | 'unsatisfied' | 'unreachable';

export interface AppealPlan {
  index: number;
  receivedAt: number;
  channel: Channel;
  caller: CallerPlan;
  area: string;
  category: string;
  /** What is wrong, as the corpus words it: answers and replies are matched to it. */
  issue: string;
  target: UnitPlan;
  summary: string;
  notes: string;
  fate: Fate;
  screenAt: number | null;
  airAt: number | null;
  settleAt: number | null;
  answer: { points: string; commitment: string } | null;
  handOver: { reason: string; complexity: Complexity } | null;
  invalidReason: string | null;
  supervision: SupervisionPlan | null;
  /** Answered on air: how its callback ends (every answered appeal is called back). */
  onAirCallback?: OnAirCallbackPlan;
  /** Filled by the simulation: the appeal's id once created. */
  id?: string;
}

export interface PublicationPlan {
  kind: 'hotspot' | 'qa';
  title: string;
  body: string;
  /** Categories whose appeals it is drawn from (any valid appeal of the episode when none match). */
  categories: string[];
  draftAt: number;
  publishAt: number;
}

export interface EpisodePlan {
  index: number;
  number: number;
  date: string;
  slot: { start: string; end: string };
  unit: UnitPlan;
  leader: { principal: boolean; deputy: number };
  host: string;
  theme: string;
  planAt: number;
  startAt: number;
  endAt: number;
  appeals: AppealPlan[];
  publications: PublicationPlan[];
  id?: string;
}

export interface YearPlan {
  year: number;
  scale: number;
  seed: string;
  targets: Targets;
  /** When the catalogue is filled: early December of the year before. */
  setupAt: number;
  units: UnitPlan[];
  episodes: EpisodePlan[];
}

const MINUTE = 60_000;

/** Decide the whole year. */
export function planYear(year: number, scale: number, seed = `zfrx-${year}-${scale}`): YearPlan {
  const rng = new Random(seed);
  const targets = targetsFor(scale);
  const units = chooseUnits(targets.units, rng.fork('units'));
  const days = workdaysOf(year);
  const dates = spreadDates(days, targets.episodes);
  const order = unitOrder(units, targets.episodes, rng.fork('order'));
  const appearances = new Map<UnitPlan, number>();
  for (const unit of order) appearances.set(unit, (appearances.get(unit) ?? 0) + 1);
  const names = new NameBook(rng.fork('leaders'));
  for (const unit of units) {
    const [title, deputyTitle] = leaderTitles(unit.name);
    unit.principal = { name: names.fresh(), title };
    const deputies = Math.max(1, Math.ceil((appearances.get(unit) ?? 1) / 2));
    unit.deputies = Array.from({ length: deputies }, () => ({ name: names.fresh(), title: deputyTitle }));
  }
  const principalEpisodes = choosePrincipalEpisodes(order, targets.principalLeaders, rng.fork('principal'));

  const episodeRng = (i: number) => rng.fork('episode', i);
  const appealWeights = order.map((unit, i) => (0.7 + 0.15 * unit.heat) * episodeRng(i).between(0.8, 1.2));
  const minAppeals = Math.min(5, Math.floor(targets.received / targets.episodes));
  const counts = apportion(targets.received, appealWeights, minAppeals);
  const answered = apportion(
    targets.answeredOnAir,
    counts.map((c, i) => c * episodeRng(i).fork('answered').between(0.85, 1.15)),
    0,
    counts.map((c) => Math.min(c, 24)),
  );
  const hotspots = apportion(targets.hotspots, counts, 0, counts.map(() => 2));
  const qas = apportion(targets.policyQa, counts, 0, counts.map(() => 8));

  const seen = new Map<string, CallerPlan[]>();
  const deputyTurn = new Map<UnitPlan, number>();
  const episodes: EpisodePlan[] = order.map((unit, i) => {
    const r = episodeRng(i);
    const date = dates[i].date;
    const slot = dates[i].second ? { start: '15:00', end: '16:00' } : { start: '09:00', end: '10:00' };
    const principal = principalEpisodes.has(i);
    const turn = deputyTurn.get(unit) ?? 0;
    if (!principal) deputyTurn.set(unit, turn + 1);
    const planDay = planningDay(date);
    const episode: EpisodePlan = {
      index: i,
      number: i + 1,
      date,
      slot,
      unit,
      leader: { principal, deputy: turn % unit.deputies.length },
      host: HOSTS[i % HOSTS.length],
      theme: `${unit.name}：${r.pick(unit.sector.themes)}`.slice(0, 100),
      planAt: chinaTime(planDay, 15 * 60 + r.int(0, 90)),
      startAt: 0,
      endAt: 0,
      appeals: [],
      publications: [],
    };
    planLive(episode, counts[i], answered[i], units, r.fork('live'), seen);
    planPublications(episode, hotspots[i], qas[i], r.fork('publications'));
    return episode;
  });
  planSupervision(episodes, units, targets, rng.fork('supervision'));
  planOnAirCallbacks(episodes, targets, rng.fork('on-air callbacks'));
  return { year, scale, seed, targets, setupAt: chinaTime(`${year - 1}-12-01`, 9 * 60), units, episodes };
}

/** The monthly schedule is fixed on the fifth-last working day of the month before. */
function planningDay(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const [py, pm] = month === 1 ? [year - 1, 12] : [year, month - 1];
  const prefix = `${py}-${String(pm).padStart(2, '0')}`;
  const days = workdaysOf(py).filter((d) => d.startsWith(prefix));
  return days[Math.max(0, days.length - 5)];
}

function chooseUnits(count: number, rng: Random): UnitPlan[] {
  const bureaus: UnitSeed[] = [];
  const urban = new Set(['云龙区', '鼓楼区', '泉山区']);
  for (const [suffix, sector] of COUNTY_BUREAUS) {
    for (const district of DISTRICTS) {
      if (district.name.includes('开发区') || (sector === 'agriculture' && urban.has(district.name))) continue;
      bureaus.push({ name: `${district.name}${suffix}`, kind: 'department', level: '县（市、区）', sector, heat: 0.45 });
    }
  }
  const pool = [...CITY_UNITS, ...COUNTY_UNITS, ...bureaus].map((seed, order) => ({ seed, order }));
  pool.sort((a, b) => b.seed.heat - a.seed.heat || a.order - b.order);
  if (count > pool.length) throw new Error(`demo corpus has ${pool.length} units, ${count} asked`);
  return pool.slice(0, count).map(({ seed }, index) => ({
    index,
    name: seed.name,
    kind: seed.kind,
    level: seed.level,
    sector: SECTORS[seed.sector],
    heat: seed.heat * rng.between(0.9, 1.1),
    district: DISTRICTS.find((d) => seed.name.startsWith(d.name)) ?? null,
    principal: { name: '', title: '' },
    deputies: [],
  }));
}

/** Working days for the episodes, evenly over the year; if there are more episodes than days, some days get an afternoon one. */
function spreadDates(days: string[], episodes: number): Array<{ date: string; second: boolean }> {
  const out: Array<{ date: string; second: boolean }> = [];
  for (let i = 0; i < episodes; i++) {
    const date = days[Math.floor(((i + 0.5) * days.length) / episodes) % days.length];
    out.push({ date, second: out.some((o) => o.date === date) });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || Number(a.second) - Number(b.second));
}

/** Every unit at least once, the busy ones more often, the same unit never twice within ten episodes when avoidable. */
function unitOrder(units: UnitPlan[], episodes: number, rng: Random): UnitPlan[] {
  const extra = apportion(episodes - units.length, units.map((u) => u.heat ** 1.5), 0, units.map(() => 5));
  const bag = units.flatMap((unit, i) => Array.from({ length: 1 + extra[i] }, () => unit));
  rng.shuffle(bag);
  const order: UnitPlan[] = [];
  while (bag.length) {
    const recent = new Set(order.slice(-10));
    const fresh = bag.map((u, i) => ({ u, i })).filter(({ u }) => !recent.has(u));
    const choice = fresh.length ? rng.weighted(fresh, ({ u }) => bag.filter((b) => b === u).length) : { u: bag[0], i: 0 };
    order.push(choice.u);
    bag.splice(choice.i, 1);
  }
  return order;
}

/** Which episodes have the unit's principal leader on air: distinct units first, busy units likelier. */
function choosePrincipalEpisodes(order: UnitPlan[], count: number, rng: Random): Set<number> {
  const chosen = new Set<number>();
  const byUnit = new Map<UnitPlan, number[]>();
  order.forEach((unit, i) => byUnit.set(unit, [...(byUnit.get(unit) ?? []), i]));
  const candidates = [...byUnit.keys()];
  while (chosen.size < count) {
    const open = candidates.filter((u) => byUnit.get(u)!.some((i) => !chosen.has(i)));
    const firstTime = open.filter((u) => !byUnit.get(u)!.some((i) => chosen.has(i)));
    const unit = rng.weighted(firstTime.length ? firstTime : open, (u) => u.heat);
    const free = byUnit.get(unit)!.filter((i) => !chosen.has(i));
    chosen.add(rng.pick(free));
  }
  return chosen;
}

class NameBook {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  person(): { name: string; title: '先生' | '女士' } {
    const male = this.rng.chance(0.52);
    const pool = male ? GIVEN_MALE : GIVEN_FEMALE;
    const given = this.rng.chance(0.7) ? this.rng.pick(pool) + this.rng.pick(pool) : this.rng.pick(pool);
    return { name: this.rng.pick(SURNAMES) + given, title: male ? '先生' : '女士' };
  }

  fresh(): string {
    for (;;) {
      const { name } = this.person();
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}

function phoneNumber(rng: Random): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
}

const DURATIONS = ['已持续一个多月', '多次向有关方面反映未果', '问题存在半年多', '近期情况有所加重', '已向社区反映过', '周边居民意见很大'];
const NOTES = ['', '', '', '', '', '老人来电，需耐心解释', '来电人情绪激动', '来电人要求节目后回电', '已提供现场照片'];

/** Where the caller lives and what is wrong, worded as an operator writes the summary. */
function matter(unit: UnitPlan, rng: Random): { area: string; category: string; issue: string; summary: string } {
  let district = unit.district ?? rng.weighted(DISTRICTS, (d) => DISTRICT_WEIGHTS[DISTRICTS.indexOf(d)]);
  let issue = rng.pick(unit.sector.issues);
  for (let tries = 0; issue[1] === 'v' && !district.rural && tries < 5; tries++) {
    if (unit.district) issue = rng.pick(unit.sector.issues);
    else district = rng.pick(DISTRICTS.filter((d) => d.rural));
  }
  const [category, where, text] = issue;
  const street = rng.pick(district.streets);
  const roads = district.rural ? TOWN_ROADS : CITY_ROADS;
  const road = rng.pick(roads);
  const crossing = rng.pick(roads.filter((r) => r !== road));
  const place =
    where === 'c'
      ? `家住${district.name}${street}${rng.pick(COMMUNITIES)}，`
      : where === 'r'
        ? `${district.name}${road}${rng.pick(['附近', '沿线', `与${crossing}交叉口`])}`
        : where === 'v'
          ? `${district.name}${street}${rng.pick(VILLAGES)}`
          : '反映';
  const body = where === 'v' ? text.replace(/^村(里|内|边)/, '') : text;
  const ask = matching(unit.sector.asks, { issue: text, category }, rng, rng.pick(unit.sector.asks));
  const summary = `${place}${body}，${rng.pick(DURATIONS)}，${ask}。`;
  return { area: `${district.name}${street}`, category, issue: text, summary };
}

/** The live hour of one episode: who calls when, what is screened, aired, answered or handed over. */
function planLive(episode: EpisodePlan, valid: number, answered: number, units: UnitPlan[], rng: Random, seen: Map<string, CallerPlan[]>): void {
  const start = chinaTime(episode.date, minutesOf(episode.slot.start));
  const end = chinaTime(episode.date, minutesOf(episode.slot.end));
  episode.startAt = start + rng.int(0, 20) * 1000;
  const invalid = Math.round(valid * rng.between(0, 0.04));
  const people = new NameBook(rng.fork('callers'));
  const appeals: AppealPlan[] = [];
  for (let j = 0; j < valid + invalid; j++) {
    // A quarter come in before the show (hotline and online messages), the rest during it.
    const receivedAt = rng.chance(0.25) ? start - rng.int(2, 45) * MINUTE + rng.int(0, 59) * 1000 : start + rng.int(0, 54 * 60);
    // Some callers raise another unit's matter; the operator names that unit (the big, public-facing ones mostly).
    const others = units.filter((u) => u !== episode.unit && u.heat >= 1);
    const target = others.length && rng.chance(0.15) ? rng.weighted(others, (u) => u.heat) : episode.unit;
    const { area, category, issue, summary } = matter(target, rng);
    const channel = rng.weighted(CHANNEL_WEIGHTS, ([, w]) => w)[0];
    let caller: CallerPlan;
    const earlier = seen.get(area);
    if (earlier?.length && rng.chance(0.04)) caller = rng.pick(earlier);
    else {
      const person = people.person();
      const anonymous = rng.chance(0.08);
      caller = { anonymous, name: anonymous ? '' : person.name, title: anonymous ? null : person.title, phone: phoneNumber(rng) };
      seen.set(area, [...(earlier ?? []).slice(-20), caller]);
    }
    appeals.push({
      index: j,
      receivedAt,
      channel,
      caller,
      area,
      category,
      issue,
      target,
      summary: channel === 'online' ? `网友留言：${summary}` : summary,
      notes: rng.pick(NOTES),
      fate: 'auto',
      screenAt: null,
      airAt: null,
      settleAt: null,
      answer: null,
      handOver: null,
      invalidReason: null,
      supervision: null,
    });
  }
  appeals.sort((a, b) => a.receivedAt - b.receivedAt);
  appeals.forEach((a, j) => (a.index = j));

  // Invalid calls are spread among the valid ones and set aside a minute or two after they come in.
  const invalidOnes = new Set(rng.shuffle(appeals.map((_, j) => j)).slice(0, invalid));
  const validOnes = appeals.filter((a) => !invalidOnes.has(a.index));
  for (const j of invalidOnes) {
    const appeal = appeals[j];
    appeal.fate = 'invalid';
    appeal.invalidReason = rng.pick(INVALID_REASONS);
    appeal.screenAt = Math.max(appeal.receivedAt, episode.startAt) + rng.int(30, 150) * 1000;
  }
  const tentativeScreen = new Map(validOnes.map((a) => [a, Math.max(a.receivedAt, start - 10 * MINUTE) + rng.int(40, 180) * 1000]));

  // The on-air hour: calls one after another, each taken from what has been screened by then.
  const handedFromAir = Math.min(valid - answered, Math.round(answered * rng.between(0, 0.2)));
  const aired = answered + handedFromAir;
  const handOverSlots = new Set(rng.shuffle(Array.from({ length: aired }, (_, k) => k)).slice(0, handedFromAir));
  let t = episode.startAt + rng.int(60, 120) * 1000;
  const waiting = [...validOnes];
  let lastSettle = t;
  for (let k = 0; k < aired; k++) {
    let eligible = waiting.filter((a) => tentativeScreen.get(a)! <= t);
    if (!eligible.length) {
      t = Math.min(...waiting.map((a) => tentativeScreen.get(a)!)) + 5_000;
      eligible = waiting.filter((a) => tentativeScreen.get(a)! <= t);
    }
    // Mostly first come, first aired; the director moves a few up.
    const appeal = rng.chance(0.7) ? eligible[0] : rng.pick(eligible.slice(0, 6));
    waiting.splice(waiting.indexOf(appeal), 1);
    const left = end - 150_000 - t;
    const duration = Math.max(45_000, Math.min(330_000, (left / (aired - k)) * rng.between(0.8, 1.15)));
    appeal.screenAt = tentativeScreen.get(appeal)!;
    appeal.airAt = t;
    appeal.settleAt = t + Math.round(duration);
    const sector = appeal.target.sector;
    if (handOverSlots.has(k)) {
      appeal.fate = 'airedHandOver';
      appeal.answer = { points: `现场说明：${answerFor(appeal, rng)}`, commitment: rng.pick(sector.commitments) };
      appeal.handOver = { reason: rng.pick(HANDOVER_REASONS.fromAir), complexity: rng.weighted(['complex', 'normal', 'simple'] as const, (c) => ({ complex: 4, normal: 5, simple: 1 })[c]) };
    } else {
      appeal.fate = 'answered';
      const other = appeal.target !== episode.unit ? `该问题涉及${appeal.target.name}，节目组已连线沟通。` : '';
      appeal.answer = { points: `${other}${answerFor(appeal, rng)}`, commitment: rng.chance(0.7) ? rng.pick(sector.commitments) : '' };
    }
    lastSettle = appeal.settleAt;
    t = appeal.settleAt + rng.int(10, 30) * 1000;
  }
  episode.endAt = Math.max(end + rng.int(0, 60) * 1000, lastSettle + 30_000);

  // Of the calls not aired, about a third are handed over by the operator before the end (with a
  // complexity); the rest go over automatically when the episode ends, half of them screened first.
  for (const appeal of waiting) {
    const screen = tentativeScreen.get(appeal)!;
    if (rng.chance(0.33)) {
      appeal.fate = 'queueHandOver';
      appeal.screenAt = screen;
      appeal.settleAt = Math.min(episode.endAt - 5_000, Math.max(screen + 20_000, episode.endAt - rng.int(60, 180) * 1000));
      appeal.handOver = { reason: rng.pick(HANDOVER_REASONS.fromQueue), complexity: rng.weighted(['simple', 'normal', 'complex'] as const, (c) => ({ simple: 3, normal: 6, complex: 1 })[c]) };
      if (appeal.settleAt <= screen) appeal.settleAt = screen + 1_000;
    } else {
      appeal.fate = 'auto';
      appeal.screenAt = rng.chance(0.5) && screen < episode.endAt - 2_000 ? screen : null;
    }
  }
  episode.appeals = appeals;
}

function answerFor(appeal: AppealPlan, rng: Random): string {
  const fallback = `已记下反映的${appeal.category}问题，节目后将安排${appeal.target.name}相关科室到现场核查，依法依规处理`;
  return matching(appeal.target.sector.answers, appeal, rng, fallback);
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h * 60 + m;
}

/** Hotspots and Q&A of one episode: drafted the same afternoon, published the next working day. */
function planPublications(episode: EpisodePlan, hotspots: number, qas: number, rng: Random): void {
  const sector = episode.unit.sector;
  const categories = [...new Set(sector.issues.map(([c]) => c))];
  const draftAt = (k: number) => chinaTime(episode.date, 14 * 60 + k * 7 + rng.int(0, 5));
  const publishAt = () => chinaTime(addWorkdays(episode.date, 1), 9 * 60 + 30 + rng.int(0, 90));
  const hotspotBank = rng.shuffle([...sector.hotspots]);
  for (let k = 0; k < hotspots; k++) {
    const [title, body] = hotspotBank[k % hotspotBank.length];
    episode.publications.push({ kind: 'hotspot', title: `民生热点｜${title}`, body, categories, draftAt: draftAt(k), publishAt: publishAt() });
  }
  const qaBank = [...rng.shuffle([...sector.qa]), ...rng.shuffle([...GENERAL_QA])];
  for (let k = 0; k < qas; k++) {
    const [title, body] = qaBank[k % qaBank.length];
    episode.publications.push({ kind: 'qa', title, body, categories, draftAt: draftAt(hotspots + k), publishAt: publishAt() });
  }
}

/**
 * How every supervised item ends, decided over the whole year so the satisfaction rate comes out
 * as published: a few are never reached on callback (closed after three tries, not rated), a few
 * end 不满意 (reopened, back with the unit), some are reopened once and then satisfied.
 */
function planSupervision(episodes: EpisodePlan[], units: UnitPlan[], targets: Targets, rng: Random): void {
  const items = episodes.flatMap((e) => e.appeals.filter((a) => a.fate !== 'answered' && a.fate !== 'invalid'));
  const total = items.length;
  const unreachable = Math.round(total * 0.012);
  const rated = total - unreachable;
  // Not resolved at the year's end = the items last rated 不满意 (supervised or answered on air); the
  // supervised share of them is in proportion to the supervised items (planOnAirCallbacks takes the rest).
  const answered = episodes.reduce((n, e) => n + e.appeals.filter((a) => a.fate === 'answered').length, 0);
  const notResolved = Math.max(0, targets.received - targets.resolved);
  const unsatisfied = Math.min(rated, total + answered ? Math.round((notResolved * total) / (total + answered)) : 0);
  const reopened = Math.min(rated - unsatisfied, Math.round(total * 0.02));
  const basic = Math.min(rated - unsatisfied - reopened, Math.round(rated * 0.09));
  const outcomes: FinalOutcome[] = [
    ...Array<FinalOutcome>(unreachable).fill('unreachable'),
    ...Array<FinalOutcome>(unsatisfied).fill('unsatisfied'),
    ...Array<FinalOutcome>(reopened).fill('reopenedThenSatisfied'),
    ...Array<FinalOutcome>(basic).fill('basically_satisfied'),
  ];
  while (outcomes.length < total) outcomes.push('satisfied');
  rng.shuffle(outcomes);
  items.forEach((appeal, i) => {
    const r = rng.fork('item', i);
    const complexity = appeal.handOver?.complexity ?? 'normal';
    appeal.supervision = {
      outcome: outcomes[i],
      late: r.chance(0.04),
      extension: complexity === 'complex' && r.chance(0.3),
      missedFirstCall: r.chance(0.06),
      reassignTo: units.length > 1 && r.chance(0.01) ? r.pick(units.filter((u) => u !== appeal.target)) : null,
    };
  });
}

/**
 * Every appeal answered on air is called back (回访) a few working days later: 1.2% are never
 * reached, the rest rate it. The 不满意 ones are what is left of the not-resolved target after the
 * supervised items (planSupervision), so resolved ÷ accepted prints the report's 98.60%; about 9%
 * 基本满意, the rest 满意. Its own random stream: the rest of the year is decided as before.
 */
function planOnAirCallbacks(episodes: EpisodePlan[], targets: Targets, rng: Random): void {
  const answered = episodes.flatMap((e) => e.appeals.filter((a) => a.fate === 'answered'));
  const supervisedUnsatisfied = episodes.reduce((n, e) => n + e.appeals.filter((a) => a.supervision?.outcome === 'unsatisfied').length, 0);
  const unreachable = Math.round(answered.length * 0.012);
  const unsatisfied = Math.min(answered.length - unreachable, Math.max(0, targets.received - targets.resolved - supervisedUnsatisfied));
  const basic = Math.min(answered.length - unreachable - unsatisfied, Math.round(answered.length * 0.09));
  const outcomes: OnAirCallbackPlan[] = [
    ...Array<OnAirCallbackPlan>(unreachable).fill('unreachable'),
    ...Array<OnAirCallbackPlan>(unsatisfied).fill('unsatisfied'),
    ...Array<OnAirCallbackPlan>(basic).fill('basically_satisfied'),
  ];
  while (outcomes.length < answered.length) outcomes.push('satisfied');
  rng.shuffle(outcomes);
  answered.forEach((appeal, i) => (appeal.onAirCallback = outcomes[i]));
}

/**
 * The number of final 不满意 ratings that makes (rated − it) / rated print as the target does
 * (98.6%) and lie nearest it; with few ratings no count may print the same, then the nearest.
 */
export function closestUnsatisfied(rated: number, target: number): number {
  if (rated === 0) return 0;
  const wanted = formatRate(target);
  const distance = (u: number) => Math.abs((rated - u) / rated - target);
  let nearest = 0;
  let printed = -1;
  for (let u = 0; u <= rated && (rated - u) / rated >= target - 0.01; u++) {
    if (distance(u) < distance(nearest)) nearest = u;
    if (formatRate((rated - u) / rated) === wanted && (printed < 0 || distance(u) < distance(printed))) printed = u;
  }
  return printed >= 0 ? printed : nearest;
}
