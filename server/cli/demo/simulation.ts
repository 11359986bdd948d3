import type { Actor, Appeal } from '../../../shared/domain/types';
import type { App } from '../../app';
import { generatePassword } from '../../auth/passwords';
import type { Clock } from '../../services/clock';
import type { ItemActor } from '../../services/supervisionService';
import { Agenda } from './agenda';
import { Commander } from './commander';
import { CALLBACK_NOTES } from './corpus';
import { Random } from './random';
import { addWorkdays, chinaTime, matching, workdaysBetween, type AppealPlan, type EpisodePlan, type UnitPlan, type YearPlan } from './yearPlan';

/** The generator's clock: the services read the simulated time from it, so every record is dated inside the plan. */
export class SimClock implements Clock {
  constructor(private at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: number): void {
    this.at = at;
  }
}

/** Run `next` now, or once `waiting` settles: the agenda waits for what an action returns. */
function andThen(waiting: Promise<void> | undefined, next: () => void | Promise<void>): void | Promise<void> {
  return waiting ? waiting.then(next) : next();
}

/** Use a result when it comes; a refusal is reported by the Commander's flush, not as an unhandled rejection. */
function after<R>(promise: Promise<R>, use: (result: R) => void): void {
  promise.then(use, () => undefined);
}

/** Monday-based week number of a date (for batching acknowledgements). */
const weekOf = (day: string) => (day ? Math.floor((Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 3) / 7) : -1);

const chinaDay = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);

export interface SimulationProgress {
  episodesEnded: number;
  episodes: number;
  appealsReceived: number;
  commands: number;
  day: string;
}

export interface Credentials {
  username: string;
  password: string;
  role: string;
  displayName: string;
}

/**
 * Plays a YearPlan through the services of a running App (never its files): the catalogue, the
 * monthly planning, each live hour, the follow-up work that runs into the next year, and the
 * published hotspots and Q&A.
 */
export class Simulation {
  private readonly agenda = new Agenda();
  private readonly commands: Commander;
  private readonly progress: SimulationProgress;
  private admin!: Actor;
  private operator!: Actor;
  private followup!: Actor;
  readonly credentials: Credentials[] = [];

  constructor(
    private readonly app: App,
    private readonly clock: SimClock,
    private readonly plan: YearPlan,
    private readonly onProgress: (progress: SimulationProgress) => void = () => undefined,
  ) {
    this.commands = new Commander(`demo-${plan.year}`, clock);
    this.progress = { episodesEnded: 0, episodes: plan.episodes.length, appealsReceived: 0, commands: 0, day: '' };
  }

  /** Commands sent so far. */
  get commandCount(): number {
    return this.commands.sent;
  }

  async run(): Promise<void> {
    this.clock.set(this.plan.setupAt);
    await this.setUpCatalogue();
    for (const episode of this.plan.episodes) this.scheduleEpisode(episode);
    let day = '';
    while (this.agenda.size) {
      const next = this.agenda.peek()!;
      const today = chinaDay(next.at);
      if (today !== day) {
        // Acknowledgements are awaited once a simulated week (and before the first episode), so the
        // commands of a week to one episode share a few writes; each is on disk before the next week.
        if (weekOf(today) !== weekOf(day)) await this.commands.flush();
        day = today;
        this.report(day);
      }
      this.agenda.take();
      this.clock.set(next.at);
      const pending = next.run();
      if (pending) await pending;
    }
    await this.commands.flush();
    this.report(day);
  }

  private report(day: string): void {
    this.progress.day = day;
    this.progress.commands = this.commands.sent;
    this.onProgress({ ...this.progress });
  }

  // ── the catalogue: units, leaders, the crew's accounts ─────────────────────────────────────

  private async setUpCatalogue(): Promise<void> {
    const { catalogue } = this.app;
    const adminAccount = Object.values(catalogue.data.accounts).find((a) => a.role === 'admin');
    if (!adminAccount) throw new Error('no admin account in the demo folder');
    this.admin = catalogue.actorOf(adminAccount);
    const send = this.commands.send.bind(this.commands);
    for (const unit of this.plan.units) {
      after(send('unit:save', { name: unit.name, kind: unit.kind, level: unit.level }, this.admin, (i, m) => catalogue.saveUnit(i, m)), ({ unit: saved }) => (unit.id = saved.id));
    }
    await this.commands.flush();
    for (const unit of this.plan.units) {
      const person = (p: { name: string; title: string }, principal: boolean) =>
        send('person:save', { name: p.name, title: p.title, unitId: unit.id, principal }, this.admin, (i, m) => catalogue.savePerson(i, m));
      after(person(unit.principal, true), ({ person: saved }) => (unit.principalId = saved.id));
      unit.deputyIds = [];
      unit.deputies.forEach((deputy, k) => after(person(deputy, false), ({ person: saved }) => (unit.deputyIds![k] = saved.id)));
    }
    await this.commands.flush();
    const account = (username: string, displayName: string, role: 'operator' | 'followup' | 'unit', unitId: string | null) => {
      const password = generatePassword(12);
      this.credentials.push({ username, password, role, displayName });
      return send('account:create', { username, displayName, role, unitId, password }, this.admin, (i, m) => catalogue.createAccount(i, m));
    };
    const actor = ({ account: view }: { account: { id: string; displayName: string; role: Actor['role'] } }): Actor => ({ accountId: view.id, name: view.displayName, role: view.role });
    after(account('operator', '导播 陈晓', 'operator', null), (r) => (this.operator = actor(r)));
    after(account('followup', '督办 刘敏', 'followup', null), (r) => (this.followup = actor(r)));
    // The busiest units answer through their own liaison account; the rest reply by phone or on
    // paper and the follow-up desk records it on their behalf (代录), as the platform allows.
    for (const unit of this.plan.units.filter((u) => u.heat >= 2)) {
      after(account(`unit${String(unit.index + 1).padStart(3, '0')}`, `${unit.name}联络员`.slice(0, 50), 'unit', unit.id!), ({ account: view }) => (unit.liaison = { accountId: view.id, displayName: view.displayName }));
    }
    await this.commands.flush();
  }

  /** Schedule work; never in the simulated past. */
  private at(at: number, run: () => void | Promise<void>): void {
    this.agenda.add(Math.max(at, this.clock.now().getTime()), run);
  }

  private state(episode: EpisodePlan) {
    return this.app.studio.state(episode.id!);
  }

  private appeal(episode: EpisodePlan, plan: AppealPlan): Appeal {
    return this.state(episode).appeals[plan.id!];
  }

  /**
   * Issue an episode command. The ledger decides at once and only the acknowledgement waits for
   * the batch's write, so this returns null and later commands see the new state. Should a future
   * ledger decide later (the episode's seq has not moved), the promise is returned instead and the
   * caller waits for it before going on: slower, still right.
   */
  private issue<R>(episode: EpisodePlan, send: () => Promise<R>): Promise<R> | null {
    const seq = this.state(episode).seq;
    const promise = send();
    return this.state(episode).seq === seq ? promise : null;
  }

  /** `issue` for commands whose result is not needed: nothing to wait for, or a promise to return to the agenda. */
  private fire<R>(episode: EpisodePlan, send: () => Promise<R>): Promise<void> | undefined {
    const waiting = this.issue(episode, send);
    // A refusal is reported, with its command, by the Commander's flush.
    return waiting?.then(
      () => undefined,
      () => this.commands.flush(),
    );
  }

  // ── one episode: planning, the live hour, then the follow-up work ──────────────────────────

  private scheduleEpisode(episode: EpisodePlan): void {
    const { studio } = this.app;
    const send = this.commands.send.bind(this.commands);
    const unit = episode.unit;
    this.at(episode.planAt, async () => {
      const leaderId = episode.leader.principal ? unit.principalId! : unit.deputyIds![episode.leader.deputy];
      const input = { year: this.plan.year, number: episode.number, date: episode.date, slot: episode.slot, theme: episode.theme, host: episode.host, unitIds: [unit.id!], leaderIds: [leaderId], feedback: false };
      const { episode: planned } = await send('episode:plan', input, this.admin, (i, m) => studio.plan(i, m));
      episode.id = planned.id;
    });
    this.at(episode.startAt, () => this.fire(episode, () => send('episode:start', { episodeId: episode.id }, this.operator, (i, m) => studio.start(i, m))));

    for (const appeal of episode.appeals) {
      this.at(appeal.receivedAt, () => this.receive(episode, appeal));
      const ref = () => ({ episodeId: episode.id, appealId: appeal.id, expectedVersion: this.appeal(episode, appeal).version });
      if (appeal.fate === 'invalid') {
        this.at(appeal.screenAt!, () => this.fire(episode, () => send('appeal:markInvalid', { ...ref(), reason: appeal.invalidReason }, this.operator, (i, m) => studio.markInvalid(i, m))));
        continue;
      }
      if (appeal.screenAt !== null) this.at(appeal.screenAt, () => this.fire(episode, () => send('appeal:screen', ref(), this.operator, (i, m) => studio.screenAppeal(i, m))));
      if (appeal.airAt !== null) this.at(appeal.airAt, () => this.fire(episode, () => send('appeal:putOnAir', ref(), this.operator, (i, m) => studio.putOnAir(i, m))));
      if (appeal.fate === 'answered') {
        this.at(appeal.settleAt!, () => this.fire(episode, () => send('appeal:answerOnAir', { ...ref(), ...appeal.answer }, this.operator, (i, m) => studio.answerOnAir(i, m))));
      } else if (appeal.fate === 'airedHandOver' || appeal.fate === 'queueHandOver') {
        const handOver = { reason: appeal.handOver!.reason, complexity: appeal.handOver!.complexity, unitId: appeal.target.id, points: appeal.answer?.points ?? '', commitment: appeal.answer?.commitment ?? '' };
        this.at(appeal.settleAt!, () => this.fire(episode, () => send('appeal:handOver', { ...ref(), ...handOver }, this.operator, (i, m) => studio.handOverToSupervision(i, m))));
      }
    }

    this.at(episode.endAt, () =>
      andThen(this.fire(episode, () => send('episode:end', { episodeId: episode.id }, this.operator, (i, m) => studio.end(i, m))), () => {
        this.progress.episodesEnded += 1;
        // Follow-up work starts the next working day.
        const firstDay = addWorkdays(episode.date, 1);
        for (const appeal of episode.appeals) if (appeal.supervision) this.startFollowUp(episode, appeal, firstDay);
        for (const appeal of episode.appeals) if (appeal.onAirCallback) this.callBackOnAir(episode, appeal, firstDay);
        for (const publication of episode.publications) this.schedulePublication(episode, publication);
      }),
    );
  }

  private async receive(episode: EpisodePlan, appeal: AppealPlan): Promise<void> {
    const { studio } = this.app;
    const no = this.state(episode).episode.nextAppealNo;
    const input = {
      episodeId: episode.id,
      channel: appeal.channel,
      caller: appeal.caller,
      area: appeal.area,
      category: appeal.category,
      targetUnitId: appeal.target.id,
      summary: appeal.summary,
      operatorNotes: appeal.notes,
    };
    const late = this.issue(episode, () => this.commands.send('appeal:create', input, this.operator, (i, m) => studio.createAppeal(i, m)));
    if (late) appeal.id = (await late).appeal.id;
    else {
      const { appealOrder, appeals } = this.state(episode);
      for (let k = appealOrder.length - 1; k >= 0 && !appeal.id; k--) if (appeals[appealOrder[k]].no === no) appeal.id = appealOrder[k];
    }
    this.progress.appealsReceived += 1;
  }

  // ── after the broadcast: reassign, extend, remind, reply, call back, close ──────────────────

  private itemRef(episode: EpisodePlan, appeal: AppealPlan) {
    return { episodeId: episode.id, appealId: appeal.id, expectedVersion: this.appeal(episode, appeal).version };
  }

  private desk(): ItemActor {
    return { role: 'followup', unitId: null, name: this.followup.name };
  }

  private unitOf(episode: EpisodePlan, appeal: AppealPlan): UnitPlan {
    const unitId = this.appeal(episode, appeal).supervision!.unitId;
    return this.plan.units.find((u) => u.id === unitId)!;
  }

  private startFollowUp(episode: EpisodePlan, appeal: AppealPlan, firstDay: string): void {
    const plan = appeal.supervision!;
    const rng = new Random(`${this.plan.seed}/follow-up/${episode.index}/${appeal.index}`);
    const { supervision } = this.app;
    if (plan.reassignTo) {
      const to = plan.reassignTo;
      this.at(chinaTime(firstDay, 9 * 60 + 30 + rng.int(0, 60)), () =>
        andThen(
          this.fire(episode, () =>
            this.commands.send('supervision:assign', { ...this.itemRef(episode, appeal), unitId: to.id, reason: `经核实该事项属${to.name}职责，改派办理` }, this.followup, (i, m) => supervision.assign(i, this.desk(), m)),
          ),
          () => this.scheduleReply(episode, appeal, firstDay, rng),
        ),
      );
    } else {
      this.at(chinaTime(firstDay, 9 * 60), () => this.scheduleReply(episode, appeal, firstDay, rng));
    }
  }

  /** The first handling: an extension, a late reply after a reminder, or a reply in time. */
  private scheduleReply(episode: EpisodePlan, appeal: AppealPlan, fromDay: string, rng: Random): void {
    const plan = appeal.supervision!;
    const { supervision } = this.app;
    const deadline = this.appeal(episode, appeal).supervision!.deadline;
    const workday = (day: string, from: number, to: number) => chinaTime(day, rng.int(from, to));
    if (plan.extension) {
      // The working day before the deadline (or the first day, when the deadline is that close).
      const askDay = addWorkdays(fromDay, Math.max(0, workdaysBetween(fromDay, deadline) - 1));
      const ask = workday(askDay, 14 * 60, 16 * 60);
      this.at(ask, () => {
        const unit = this.unitOf(episode, appeal);
        // Only a unit's own liaison asks for more time; units without an account ask by phone and reply in time.
        if (!unit.liaison) return this.scheduleReplyOn(episode, appeal, chinaDay(ask), deadline, rng);
        const liaison: Actor = { accountId: unit.liaison.accountId, name: unit.liaison.displayName, role: 'unit' };
        const asked = this.fire(episode, () =>
          this.commands.send('supervision:requestExtension', { ...this.itemRef(episode, appeal), workdays: 5, reason: '需会同相关部门现场会商并筹措资金，申请延期' }, liaison, (i, m) =>
            supervision.requestExtension(i, { role: 'unit', unitId: unit.id!, name: liaison.name }, m),
          ),
        );
        const decideDay = addWorkdays(chinaDay(ask), 1);
        this.at(workday(decideDay, 9 * 60 + 30, 11 * 60), () => {
          const request = this.appeal(episode, appeal).supervision!.extensionRequests.at(-1)!;
          const decided = this.fire(episode, () =>
            this.commands.send('supervision:decideExtension', { ...this.itemRef(episode, appeal), requestId: request.id, granted: true, note: '同意延期，请按期答复' }, this.followup, (i, m) =>
              supervision.decideExtension(i, this.desk(), m),
            ),
          );
          // The reply is due by the extended deadline.
          return andThen(decided, () => this.scheduleReplyOn(episode, appeal, decideDay, this.appeal(episode, appeal).supervision!.deadline, rng));
        });
        return asked;
      });
      return;
    }
    if (plan.late) {
      this.at(workday(deadline, 15 * 60, 16 * 60 + 30), () =>
        this.fire(episode, () =>
          this.commands.send('supervision:remind', { ...this.itemRef(episode, appeal), note: '今日到期，请抓紧办理并答复' }, this.followup, (i, m) => supervision.remind(i, this.desk(), m)),
        ),
      );
      this.at(workday(addWorkdays(deadline, rng.int(1, 3)), 9 * 60, 17 * 60 + 30), () => this.reply(episode, appeal, rng));
      return;
    }
    this.scheduleReplyOn(episode, appeal, fromDay, deadline, rng);
  }

  /** A reply on a working day between `fromDay` and the deadline, most of them in its second half. */
  private scheduleReplyOn(episode: EpisodePlan, appeal: AppealPlan, fromDay: string, deadline: string, rng: Random): void {
    const available = Math.max(1, workdaysBetween(fromDay, deadline));
    const offset = rng.int(Math.max(1, Math.ceil(available / 2)), available);
    this.at(chinaTime(addWorkdays(fromDay, offset), rng.int(9 * 60, 17 * 60 + 30)), () => this.reply(episode, appeal, rng));
  }

  private reply(episode: EpisodePlan, appeal: AppealPlan, rng: Random): Promise<void> | void {
    const { supervision } = this.app;
    const unit = this.unitOf(episode, appeal);
    const done = matching(unit.sector.replies, appeal, rng, `经现场核查，反映的${appeal.category}问题已按要求处理，已向来电人说明办理情况。`);
    const text = this.appeal(episode, appeal).supervision!.reopenings > 0 ? `再次办理：${done}` : done;
    const liaison: Actor | null = unit.liaison ? { accountId: unit.liaison.accountId, name: unit.liaison.displayName, role: 'unit' } : null;
    const replied = liaison
      ? this.fire(episode, () => this.commands.send('supervision:reply', { ...this.itemRef(episode, appeal), text }, liaison, (i, m) => supervision.reply(i, { role: 'unit', unitId: unit.id!, name: liaison.name }, m)))
      : this.fire(episode, () => this.commands.send('supervision:reply', { ...this.itemRef(episode, appeal), text: `（${unit.name}电话答复，督办代录）${text}` }, this.followup, (i, m) => supervision.reply(i, this.desk(), m)));
    const replyDay = chinaDay(this.clock.now().getTime());
    return andThen(replied, () => this.scheduleCallbacks(episode, appeal, replyDay, rng));
  }

  private scheduleCallbacks(episode: EpisodePlan, appeal: AppealPlan, replyDay: string, rng: Random): void {
    const plan = appeal.supervision!;
    const reopenings = this.appeal(episode, appeal).supervision!.reopenings;
    let day = addWorkdays(replyDay, rng.int(1, 2));
    const call = (outcome: 'reached' | 'unreachable', rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null) => {
      const at = chinaTime(day, rng.int(9 * 60 + 30, 17 * 60));
      const note = rng.pick(CALLBACK_NOTES[rating ?? 'unreachable']);
      this.at(at, () =>
        this.fire(episode, () =>
          this.commands.send('supervision:callBack', { ...this.itemRef(episode, appeal), outcome, rating, note }, this.followup, (i, m) => this.app.supervision.callBack(i, this.desk(), m)),
        ),
      );
      day = addWorkdays(day, 1);
      return at;
    };
    const close = (after: number, note = '') =>
      this.at(after + rng.int(5, 20) * 60_000, () =>
        this.fire(episode, () => this.commands.send('supervision:close', { ...this.itemRef(episode, appeal), note }, this.followup, (i, m) => this.app.supervision.close(i, this.desk(), m))),
      );

    if (plan.outcome === 'unreachable') {
      call('unreachable', null);
      call('unreachable', null);
      close(call('unreachable', null), '三次回访均未联系上来电人，按规定办结');
      return;
    }
    if (plan.missedFirstCall && reopenings === 0) call('unreachable', null);
    if (reopenings === 0 && (plan.outcome === 'unsatisfied' || plan.outcome === 'reopenedThenSatisfied')) {
      const at = call('reached', 'unsatisfied');
      // Reopened to the unit with a fresh deadline; a 不满意 at the end of the year stays with the unit.
      if (plan.outcome === 'reopenedThenSatisfied') this.at(at + 60_000, () => this.scheduleReplyOn(episode, appeal, chinaDay(at), this.appeal(episode, appeal).supervision!.deadline, rng));
      return;
    }
    const rating = plan.outcome === 'basically_satisfied' ? 'basically_satisfied' : 'satisfied';
    close(call('reached', rating));
  }

  /** 回访 of an appeal answered on air, one to three working days after the show (appeal:callBack). */
  private callBackOnAir(episode: EpisodePlan, appeal: AppealPlan, firstDay: string): void {
    const rng = new Random(`${this.plan.seed}/on-air-callback/${episode.index}/${appeal.index}`);
    const outcome = appeal.onAirCallback!;
    const rating = outcome === 'unreachable' ? null : outcome;
    const at = chinaTime(addWorkdays(firstDay, rng.int(0, 2)), rng.int(9 * 60 + 30, 17 * 60));
    const note = rng.pick(CALLBACK_NOTES[rating ?? 'unreachable']);
    this.at(at, () =>
      this.fire(episode, () =>
        this.commands.send('appeal:callBack', { ...this.itemRef(episode, appeal), outcome: rating ? 'reached' : 'unreachable', rating, note }, this.followup, (i, m) =>
          this.app.supervision.callBackOnAir(i, this.desk(), m),
        ),
      ),
    );
  }

  // ── hotspots and policy Q&A ─────────────────────────────────────────────────────────────

  private schedulePublication(episode: EpisodePlan, publication: EpisodePlan['publications'][number]): void {
    const { studio } = this.app;
    let publicationId: string | undefined;
    this.at(publication.draftAt, async () => {
      const state = this.state(episode);
      const text = `${publication.title}\n${publication.body}`;
      const usable = episode.appeals.filter((a) => a.id && a.fate !== 'invalid' && !(a.caller.name.length >= 2 && text.includes(a.caller.name)));
      const onTopic = usable.filter((a) => publication.categories.includes(a.category));
      const from = onTopic.length ? onTopic : usable;
      const rng = new Random(`${this.plan.seed}/publication/${episode.index}/${publication.draftAt}`);
      const count = Math.min(from.length, publication.kind === 'hotspot' ? rng.int(2, 4) : rng.int(1, 2));
      const appealIds = rng.shuffle([...from]).slice(0, count).map((a) => a.id!);
      const before = Object.keys(state.publications ?? {}).length;
      const input = { episodeId: episode.id, kind: publication.kind, title: publication.title, body: publication.body, appealIds };
      const late = this.issue(episode, () => this.commands.send('publication:draft', input, this.followup, (i, m) => studio.draftPublication(i, m)));
      publicationId = late ? (await late).publication.id : Object.keys(this.state(episode).publications ?? {})[before];
    });
    this.at(publication.publishAt, () => {
      const version = this.state(episode).publications![publicationId!].version;
      return this.fire(episode, () => this.commands.send('publication:publish', { episodeId: episode.id, publicationId, expectedVersion: version }, this.admin, (i, m) => studio.publishPublication(i, m)));
    });
  }
}
