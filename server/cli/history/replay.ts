import { chinaDayOf, type HistoryEpisode, type HistoryPublication, type HistoryRow, type SheetCheck } from '../../../shared/domain/historyImport';
import type { Actor, Appeal } from '../../../shared/domain/types';
import type { App } from '../../app';
import { Agenda } from '../demo/agenda';
import { Commander } from '../demo/commander';
import { chinaTime } from '../demo/planCalendar';
import type { SimClock } from '../demo/simulation';

/**
 * Replays a checked history sheet through the domain commands, on the demo generator's clock and
 * agenda (server/cli/demo/*): every command is sent as the screens send it, with the clock set to the
 * row's own time, so each record is dated as it happened. Per episode: plan, start, each appeal
 * received at its 来电时间, screened, answered on air / handed over at its 交办时间 (with its 办理期限)
 * / set aside as invalid, the end of the broadcast; then, each at its time, the unit's reply, the
 * callback, the closing, and the published hotspots and Q&A. Commands are acknowledged in batches
 * (once a simulated week), as the demo year does; any refusal stops the run and names the row.
 */

export interface ReplayProgress {
  episodesEnded: number;
  episodes: number;
  appeals: number;
  day: string;
}

const MINUTE = 60_000;
const weekOf = (day: string) => (day ? Math.floor((Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 3) / 7) : -1);
const slotTime = (date: string, hhmm: string) => chinaTime(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

interface EpisodeRun {
  plan: HistoryEpisode;
  rows: HistoryRow[];
  publications: HistoryPublication[];
  id?: string;
  /** Sheet 序号 → appeal id, for the publications. */
  bySheetNo: Map<number, string>;
  validIds: string[];
}

export class HistoryReplay {
  private readonly agenda = new Agenda();
  private readonly commands: Commander;
  private admin!: Actor;
  private operator!: Actor;
  private desk!: Actor;
  private readonly unitIds = new Map<string, string>();
  private readonly progress: ReplayProgress;
  private readonly runs: EpisodeRun[];
  /** The sheet row of the first refused command, for the error message. */
  private failedRow: number | null = null;
  unitsCreated = 0;
  peopleCreated = 0;

  constructor(
    private readonly app: App,
    private readonly clock: SimClock,
    private readonly sheet: Pick<SheetCheck, 'rows' | 'publications' | 'episodes'>,
    private readonly onProgress: (p: ReplayProgress) => void = () => undefined,
    prefix = `history-${Date.now().toString(36)}`,
  ) {
    this.commands = new Commander(prefix, clock);
    const byKey = new Map<string, EpisodeRun>();
    for (const plan of sheet.episodes) byKey.set(plan.key, { plan, rows: [], publications: [], bySheetNo: new Map(), validIds: [] });
    for (const row of sheet.rows) byKey.get(row.episode.key)!.rows.push(row);
    for (const p of sheet.publications) byKey.get(p.episodeKey)?.publications.push(p);
    this.runs = [...byKey.values()].sort((a, b) => a.plan.date.localeCompare(b.plan.date) || a.plan.number - b.plan.number);
    for (const run of this.runs) run.rows.sort((a, b) => a.receivedAt - b.receivedAt || (a.no ?? 0) - (b.no ?? 0) || a.row - b.row);
    this.progress = { episodesEnded: 0, episodes: this.runs.length, appeals: 0, day: '' };
  }

  get commandCount(): number {
    return this.commands.sent;
  }

  async run(): Promise<void> {
    const first = this.runs[0];
    if (!first) return;
    // The catalogue is set up the day before the first episode is planned.
    this.clock.set(Math.min(...first.rows.map((r) => r.receivedAt), slotTime(first.plan.date, first.plan.slot.start)) - 2 * 86_400_000);
    await this.setUpCatalogue();
    for (const run of this.runs) this.scheduleEpisode(run);
    let day = '';
    while (this.agenda.size) {
      const next = this.agenda.peek()!;
      const today = chinaDayOf(next.at);
      if (today !== day) {
        if (weekOf(today) !== weekOf(day)) await this.flush();
        day = today;
        this.report(day);
      }
      this.agenda.take();
      this.clock.set(next.at);
      const pending = next.run();
      if (pending) await pending;
    }
    await this.flush();
    this.report(day);
  }

  private report(day: string): void {
    this.progress.day = day;
    this.onProgress({ ...this.progress });
  }

  private async flush(): Promise<void> {
    try {
      await this.commands.flush();
    } catch (error) {
      const where = this.failedRow !== null ? `（诉求表第 ${this.failedRow} 行）` : '';
      const message = (error instanceof Error ? error.message : String(error)).replace(/^演示命令被拒绝 demo command refused: /, '');
      throw new Error(`导入命令被拒绝${where} import command refused: ${message}`, { cause: error });
    }
  }

  /** Send a command for a sheet row: a refusal remembers the row. */
  private send<R>(row: number, command: Parameters<Commander['send']>[0], raw: object, actor: Actor, call: (input: never, meta: never) => Promise<R>): Promise<R> {
    let promise: Promise<R>;
    try {
      promise = this.commands.send(command, raw, actor, call as never) as Promise<R>;
    } catch (error) {
      this.failedRow ??= row;
      throw error;
    }
    promise.catch(() => (this.failedRow ??= row));
    return promise;
  }

  // ── the catalogue: units and leaders named in the sheet, when absent ─────────────────────

  private async setUpCatalogue(): Promise<void> {
    const { catalogue } = this.app;
    const adminAccount = Object.values(catalogue.data.accounts).find((a) => a.role === 'admin');
    if (!adminAccount) throw new Error('数据目录中没有管理员账号 (no admin account in the folder)');
    this.admin = catalogue.actorOf(adminAccount);
    // The import acts as the admin in the studio and at the follow-up desk: no login accounts are made.
    this.operator = { ...this.admin, name: '历史数据导入', role: 'operator' };
    this.desk = { ...this.admin, name: '历史数据导入', role: 'followup' };
    for (const unit of Object.values(catalogue.data.units)) this.unitIds.set(unit.name, unit.id);
    const wanted = new Map<string, { kind: string; level: string; row: number }>();
    for (const run of this.runs) for (const u of run.plan.units) if (!wanted.has(u.name)) wanted.set(u.name, { kind: u.kind, level: u.level, row: run.rows[0].row });
    for (const row of this.sheet.rows) if (row.supervision && !wanted.has(row.supervision.unitName)) wanted.set(row.supervision.unitName, { kind: 'department', level: '市级', row: row.row });
    for (const [name, u] of wanted) {
      if (this.unitIds.has(name)) continue;
      this.unitsCreated++;
      this.send(u.row, 'unit:save', { name, kind: u.kind, level: u.level }, this.admin, ((i: never, m: never) => catalogue.saveUnit(i, m)) as never).then(
        (r) => this.unitIds.set(name, (r as { unit: { id: string } }).unit.id),
        () => undefined,
      );
    }
    await this.flush();
  }

  /** The catalogue person for a leader as the sheet names them: found by unit and name, created, or brought up to date. */
  private async leaderId(leader: HistoryEpisode['leaders'][number], row: number): Promise<string> {
    const { catalogue } = this.app;
    const unitId = this.unitIds.get(leader.unitName)!;
    const person = Object.values(catalogue.data.people).find((p) => p.unitId === unitId && p.name === leader.name);
    if (person && person.title === leader.title && person.principal === leader.principal) return person.id;
    if (!person) this.peopleCreated++;
    // A leader's title may change over the years: the episode copies the person as they were then.
    const raw = { personId: person?.id ?? null, expectedVersion: person?.version ?? null, name: leader.name, title: leader.title, unitId, principal: leader.principal };
    const saved = await this.send(row, 'person:save', raw, this.admin, ((i: never, m: never) => catalogue.savePerson(i, m)) as never);
    return (saved as { person: { id: string } }).person.id;
  }

  // ── one episode ──────────────────────────────────────────────────────────────────────

  private state(run: EpisodeRun) {
    return this.app.studio.state(run.id!);
  }

  private appeal(run: EpisodeRun, id: string): Appeal {
    return this.state(run).appeals[id];
  }

  private ref(run: EpisodeRun, appealId: string) {
    return { episodeId: run.id, appealId, expectedVersion: this.appeal(run, appealId).version };
  }

  /** Schedule at a time, never in the replay's past (a later step of the same row keeps its order). */
  private at(at: number, action: () => void | Promise<void>): void {
    this.agenda.add(Math.max(at, this.clock.now().getTime()), action);
  }

  private scheduleEpisode(run: EpisodeRun): void {
    const { studio } = this.app;
    const { plan, rows } = run;
    const firstRow = rows[0].row;
    const slotStart = slotTime(plan.date, plan.slot.start);
    const firstCall = Math.min(...rows.map((r) => r.receivedAt));
    const startAt = slotStart;
    const studioTimes = rows.flatMap((r) => [r.receivedAt, r.outcome === 'answered' ? Math.max(r.receivedAt, startAt) : r.receivedAt, r.supervision?.handedOverAt ?? 0]);
    const lastStudioWork = Math.max(...studioTimes);
    // Hand-overs at the very end (the broadcast's automatic ones) come before the end itself.
    const endAt = Math.max(slotTime(plan.date, plan.slot.end), lastStudioWork + 1000);
    this.at(Math.min(firstCall, slotStart) - 60 * MINUTE, async () => {
      const leaderIds: string[] = [];
      for (const leader of plan.leaders) leaderIds.push(await this.leaderId(leader, firstRow));
      const input = { year: plan.year, number: plan.number, date: plan.date, slot: plan.slot, theme: plan.theme, host: plan.host, unitIds: plan.units.map((u) => this.unitIds.get(u.name)!), leaderIds, feedback: false };
      const planned = (await this.send(firstRow, 'episode:plan', input, this.admin, ((i: never, m: never) => studio.plan(i, m)) as never)) as { episode: { id: string } };
      run.id = planned.episode.id;
    });
    // Pre-show intake (online messages before the broadcast) is received while the episode is planned.
    for (const row of rows.filter((r) => r.receivedAt < startAt)) this.at(row.receivedAt, () => this.receive(run, row, startAt));
    this.at(startAt, () => void this.send(firstRow, 'episode:start', { episodeId: run.id }, this.operator, ((i: never, m: never) => studio.start(i, m)) as never));
    for (const row of rows.filter((r) => r.receivedAt >= startAt)) this.at(row.receivedAt, () => this.receive(run, row, startAt));
    this.at(endAt, () => {
      this.send(rows.at(-1)!.row, 'episode:end', { episodeId: run.id }, this.operator, ((i: never, m: never) => studio.end(i, m)) as never);
      this.progress.episodesEnded++;
      for (const p of run.publications) this.at(p.at, () => this.publish(run, p));
    });
  }

  private receive(run: EpisodeRun, row: HistoryRow, startAt: number): void {
    const { studio } = this.app;
    const state = this.state(run);
    const no = state.episode.nextAppealNo;
    const targetUnitId = row.supervision ? this.unitIds.get(row.supervision.unitName)! : this.unitIds.get(run.plan.units[0].name)!;
    const input = { episodeId: run.id, channel: row.channel, caller: row.caller, area: row.area, category: row.category, targetUnitId, summary: row.summary, operatorNotes: '' };
    this.send(row.row, 'appeal:create', input, this.operator, ((i: never, m: never) => studio.createAppeal(i, m)) as never);
    const { appealOrder, appeals } = this.state(run);
    let id: string | undefined;
    for (let k = appealOrder.length - 1; k >= 0 && !id; k--) if (appeals[appealOrder[k]].no === no) id = appealOrder[k];
    if (!id) throw new Error(`诉求表第 ${row.row} 行：诉求未能受理 (the appeal was not received)`);
    const appealId = id;
    this.progress.appeals++;
    if (row.no !== null) run.bySheetNo.set(row.no, appealId);
    if (row.outcome !== 'invalid') run.validIds.push(appealId);
    const op = <R>(command: Parameters<Commander['send']>[0], extra: object, call: (i: never, m: never) => Promise<R>) =>
      this.send(row.row, command, { ...this.ref(run, appealId), ...extra }, this.operator, call as never);
    if (row.outcome === 'invalid') {
      op('appeal:markInvalid', { reason: row.invalidReason }, (i, m) => studio.markInvalid(i, m));
      return;
    }
    op('appeal:screen', {}, (i, m) => studio.screenAppeal(i, m));
    if (row.outcome === 'answered') {
      this.at(Math.max(row.receivedAt, startAt), () => {
        op('appeal:putOnAir', {}, (i, m) => studio.putOnAir(i, m));
        op('appeal:answerOnAir', row.answer!, (i, m) => studio.answerOnAir(i, m));
        const callback = row.onAirCallback;
        if (callback) {
          this.at(callback.at, () =>
            void this.send(row.row, 'appeal:callBack', { ...this.ref(run, appealId), outcome: callback.reached ? 'reached' : 'unreachable', rating: callback.rating, note: '' }, this.desk, ((i: never, m: never) =>
              this.app.supervision.callBackOnAir(i, { role: 'followup', unitId: null, name: this.desk.name }, m)) as never),
          );
        }
      });
      return;
    }
    const s = row.supervision!;
    this.at(s.handedOverAt, () => {
      op('appeal:handOver', { reason: '历史数据导入：直播后转督办', complexity: s.complexity, unitId: this.unitIds.get(s.unitName)! }, (i, m) => studio.handOverToSupervision(i, m));
      this.fixDeadline(run, appealId, row);
      this.scheduleFollowUp(run, appealId, row);
    });
  }

  /** The sheet's 办理期限, when it is not the one the complexity gives. */
  private fixDeadline(run: EpisodeRun, appealId: string, row: HistoryRow): void {
    const wanted = row.supervision!.deadline;
    const supervision = this.appeal(run, appealId).supervision;
    if (!wanted || !supervision || supervision.deadline === wanted || supervision.status === 'closed') return;
    this.send(row.row, 'supervision:setDeadline', { ...this.ref(run, appealId), deadline: wanted, reason: '历史数据导入：按原记录的办理期限' }, this.desk, ((i: never, m: never) =>
      this.app.supervision.setDeadline(i, { role: 'followup', unitId: null, name: this.desk.name }, m)) as never);
  }

  private scheduleFollowUp(run: EpisodeRun, appealId: string, row: HistoryRow): void {
    const s = row.supervision!;
    const { supervision } = this.app;
    const item = { role: 'followup' as const, unitId: null, name: this.desk.name };
    const desk = <R>(command: Parameters<Commander['send']>[0], extra: object, call: (i: never, m: never) => Promise<R>) =>
      this.send(row.row, command, { ...this.ref(run, appealId), ...extra }, this.desk, call as never);
    if (!s.reply) return;
    const reply = s.reply;
    this.at(reply.at, () => {
      desk('supervision:reply', { text: reply.text }, (i, m) => supervision.reply(i, item, m));
      const callback = s.callback;
      if (!callback) return;
      this.at(callback.at, () => {
        // An unreached callback that closed the item stands for the three calls the rule asks for.
        const calls = !callback.reached && s.closedAt !== null ? 3 : 1;
        for (let k = 0; k < calls; k++) {
          desk('supervision:callBack', { outcome: callback.reached ? 'reached' : 'unreachable', rating: callback.rating, note: '' }, (i, m) => supervision.callBack(i, item, m));
        }
        // A 不满意 reopens the item with a fresh deadline; the sheet's is the one that stood at the end.
        this.fixDeadline(run, appealId, row);
        const closedAt = s.closedAt;
        if (closedAt === null) return;
        this.at(closedAt, () => void desk('supervision:close', { note: s.closeNote }, (i, m) => supervision.close(i, item, m)));
      });
    });
  }

  private async publish(run: EpisodeRun, p: HistoryPublication): Promise<void> {
    const { studio } = this.app;
    const linked = p.appealNos.map((n) => run.bySheetNo.get(n)!).filter(Boolean);
    const appealIds = linked.length ? linked : run.validIds.slice(0, 1);
    const before = new Set(Object.keys(this.state(run).publications ?? {}));
    const drafted = this.send(p.row, 'publication:draft', { episodeId: run.id, kind: p.kind, title: p.title, body: p.body, appealIds }, this.desk, ((i: never, m: never) => studio.draftPublication(i, m)) as never);
    const publicationId = Object.keys(this.state(run).publications ?? {}).find((id) => !before.has(id));
    if (!publicationId) {
      const reason = await drafted.then(
        () => '',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );
      throw new Error(`发布表第 ${p.row} 行：未能起草发布内容 (the draft was refused) ${reason}`);
    }
    const version = this.state(run).publications![publicationId].version;
    this.send(p.row, 'publication:publish', { episodeId: run.id, publicationId, expectedVersion: version }, this.admin, ((i: never, m: never) => studio.publishPublication(i, m)) as never);
  }
}
