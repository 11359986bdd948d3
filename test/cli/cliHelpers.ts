import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import * as C from '../../shared/protocol/commands';
import type { CommandName } from '../../shared/protocol/events';
import type { AnnualReport } from '../../shared/protocol/events';
import type { Actor } from '../../shared/domain/types';
import { createApp, type App } from '../../server/app';
import { createLogger } from '../../server/logger';
import type { Clock } from '../../server/services/clock';
import type { CommandMeta } from '../../server/services/episodeLedger';
import { fingerprintOf } from '../../server/services/fingerprint';
import { LowdbStore } from '../../server/store/lowdbStore';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface CliResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Run a CLI the way a person does: `npx tsx server/cli/<name>.ts …` in the project folder. */
export function runTsx(script: string, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

export class TestClock implements Clock {
  private at: number;
  constructor(iso: string) {
    this.at = Date.parse(iso);
  }
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = Date.parse(iso);
  }
}

/** A fingerprint of every file under a folder: to prove a tool changed nothing. */
export async function folderDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (path: string): Promise<void> => {
    const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = join(path, entry.name);
      hash.update(full);
      if (entry.isDirectory()) await walk(full);
      else hash.update(await readFile(full));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

/**
 * A small programme built through the services, as the screens would build it: three units (one a
 * district government, so both unit levels appear), one episode in 2024 and three in 2025 (one of
 * them only planned, so not counted), answered, handed-over, automatic and invalid appeals,
 * callbacks 满意 / 基本满意 / 不满意, and published, draft and withdrawn items.
 */
export async function buildProgramme(dataDir: string): Promise<AnnualReport> {
  const clock = new TestClock('2024-05-20T01:00:00Z');
  const app = await createApp({ store: new LowdbStore(dataDir), clock, logger: createLogger('silent'), config: { adminPassword: 'cli-test-password', clientDir: join(dataDir, 'no-client') } });
  try {
    const admin = app.catalogue.actorOf(Object.values(app.catalogue.data.accounts).find((a) => a.role === 'admin')!);
    let n = 0;
    const send = <S extends z.ZodType, R>(command: CommandName, schema: S, raw: object, call: (input: z.output<S>, meta: CommandMeta) => Promise<R>, actor: Actor = admin) => {
      const input = schema.parse({ commandId: `cli-fixture-${++n}`, ...raw }) as z.output<S> & { commandId: string };
      return call(input, { command, commandId: input.commandId, fingerprint: fingerprintOf(command, input), actor, at: clock.now().toISOString() });
    };
    const desk = { role: 'followup' as const, unitId: null, name: admin.name };
    const { catalogue, studio, supervision } = app;
    const unit = async (name: string, kind: 'department' | 'public_service' | 'county', level: string) =>
      (await send('unit:save', C.UnitSave, { name, kind, level }, (i, m) => catalogue.saveUnit(i, m))).unit.id;
    const person = async (name: string, title: string, unitId: string, principal: boolean) =>
      (await send('person:save', C.PersonSave, { name, title, unitId, principal }, (i, m) => catalogue.savePerson(i, m))).person.id;
    const housing = await unit('市住房和城乡建设局', 'department', '市级');
    const water = await unit('市水务集团', 'public_service', '市级');
    const tongshan = await unit('铜山区人民政府', 'county', '县（市、区）');
    const chief = await person('张建国', '局长', housing, true);
    const deputy = await person('李红梅', '副局长', housing, false);
    const waterChief = await person('王志强', '总经理', water, true);
    const districtDeputy = await person('赵磊', '副区长', tongshan, false);

    const episode = async (date: string, unitId: string, leaderId: string, theme: string) =>
      (await send('episode:plan', C.EpisodePlan, { date, slot: { start: '09:00', end: '10:00' }, theme, host: '李然', unitIds: [unitId], leaderIds: [leaderId] }, (i, m) => studio.plan(i, m))).episode.id;
    const at = (iso: string) => clock.set(iso);
    const version = (episodeId: string, appealId: string) => studio.state(episodeId).appeals[appealId].version;
    const ref = (episodeId: string, appealId: string) => ({ episodeId, appealId, expectedVersion: version(episodeId, appealId) });
    const appeal = async (episodeId: string, summary: string, category = '物业管理', phone = '13812345678', channel: 'hotline' | 'studio' | 'online' = 'hotline') =>
      (
        await send('appeal:create', C.AppealCreate, { episodeId, channel, caller: { anonymous: false, name: '孙丽', title: '女士', phone }, area: '泉山区湖滨街道', category, targetUnitId: null, summary }, (i, m) =>
          studio.createAppeal(i, m),
        )
      ).appeal.id;
    const answer = async (episodeId: string, appealId: string) => {
      await send('appeal:screen', C.AppealRef, ref(episodeId, appealId), (i, m) => studio.screenAppeal(i, m));
      await send('appeal:putOnAir', C.AppealRef, ref(episodeId, appealId), (i, m) => studio.putOnAir(i, m));
      await send('appeal:answerOnAir', C.AppealAnswerOnAir, { ...ref(episodeId, appealId), points: '本周安排维修' }, (i, m) => studio.answerOnAir(i, m));
    };
    const start = (episodeId: string) => send('episode:start', C.EpisodeTransition, { episodeId }, (i, m) => studio.start(i, m));
    const end = (episodeId: string) => send('episode:end', C.EpisodeTransition, { episodeId }, (i, m) => studio.end(i, m));
    const replyAndRate = async (episodeId: string, appealId: string, rating: 'satisfied' | 'basically_satisfied' | 'unsatisfied', close: boolean) => {
      await send('supervision:reply', C.SupervisionReply, { ...ref(episodeId, appealId), text: '已完成维修' }, (i, m) => supervision.reply(i, desk, m));
      await send('supervision:callBack', C.SupervisionCallBack, { ...ref(episodeId, appealId), outcome: 'reached', rating }, (i, m) => supervision.callBack(i, desk, m));
      if (close) await send('supervision:close', C.SupervisionClose, ref(episodeId, appealId), (i, m) => supervision.close(i, desk, m));
    };
    const publish = async (episodeId: string, kind: 'hotspot' | 'qa', title: string, appealIds: string[], then: 'publish' | 'draft' | 'withdraw' = 'publish') => {
      const { publication } = await send('publication:draft', C.PublicationDraft, { episodeId, kind, title, body: '由物业负责维修，可申请使用住宅专项维修资金。', appealIds }, (i, m) => studio.draftPublication(i, m));
      if (then === 'draft') return;
      const published = await send('publication:publish', C.PublicationRef, { episodeId, publicationId: publication.id, expectedVersion: publication.version }, (i, m) => studio.publishPublication(i, m));
      if (then === 'withdraw') {
        await send('publication:withdraw', C.PublicationRef, { episodeId, publicationId: publication.id, expectedVersion: published.publication.version }, (i, m) => studio.withdrawPublication(i, m));
      }
    };

    // 2024: one episode, three appeals (one answered, two handed over when it ends).
    at('2024-06-01T02:00:00Z');
    const e2024 = await episode('2024-06-12', housing, deputy, '物业服务');
    at('2024-06-12T01:00:00Z');
    await start(e2024);
    const a1 = await appeal(e2024, '电梯经常停运');
    await appeal(e2024, '楼道垃圾无人清理');
    await appeal(e2024, '屋面漏雨');
    await answer(e2024, a1);
    at('2024-06-12T02:00:00Z');
    await end(e2024);

    // 2025, episode one: principal leader; answered, handed over from air, automatic, invalid.
    at('2025-02-20T02:00:00Z');
    const eA = await episode('2025-03-05', housing, chief, '老旧小区改造');
    at('2025-03-05T01:00:00Z');
    await start(eA);
    const b1 = await appeal(eA, '改造后雨水管接错');
    const b2 = await appeal(eA, '道路开挖后无人回填');
    const b3 = await appeal(eA, '加装电梯审批慢', '加装电梯', '13900001111');
    // An online message (诉求来源 互联网) and a call on the studio line (电话).
    const b4 = await appeal(eA, '外墙渗水', '房屋质量', '13900002222', 'online');
    const b5 = await appeal(eA, '无关来电', '其他', '13900003333');
    await answer(eA, b1);
    await answer(eA, b2);
    await send('appeal:screen', C.AppealRef, ref(eA, b3), (i, m) => studio.screenAppeal(i, m));
    await send('appeal:putOnAir', C.AppealRef, ref(eA, b3), (i, m) => studio.putOnAir(i, m));
    await send('appeal:handOver', C.AppealHandOver, { ...ref(eA, b3), reason: '需现场核查', complexity: 'complex' }, (i, m) => studio.handOverToSupervision(i, m));
    await send('appeal:markInvalid', C.AppealMarkInvalid, { ...ref(eA, b5), reason: '与主题无关' }, (i, m) => studio.markInvalid(i, m));
    at('2025-03-05T02:00:00Z');
    await end(eA);
    at('2025-03-10T03:00:00Z');
    await replyAndRate(eA, b3, 'satisfied', true);
    await replyAndRate(eA, b4, 'unsatisfied', false);
    await publish(eA, 'qa', '老旧小区屋面漏雨找谁修？', [b1]);
    await publish(eA, 'hotspot', '民生热点｜老旧小区改造排水问题', [b1, b2]);
    await publish(eA, 'qa', '草稿：不计入', [b2], 'draft');
    await publish(eA, 'hotspot', '撤回：不计入', [b2], 'withdraw');

    // 2025, episode two: a public-service unit.
    at('2025-09-01T02:00:00Z');
    const eB = await episode('2025-09-10', water, waterChief, '供水服务');
    at('2025-09-10T01:00:00Z');
    await start(eB);
    const c1 = await appeal(eB, '水压不足', '供水服务', '13700001111');
    const c2 = await appeal(eB, '自来水发黄', '水质问题', '13700002222', 'studio');
    await appeal(eB, '停水无通知', '供水服务', '13700003333');
    await answer(eB, c1);
    at('2025-09-10T02:00:00Z');
    await end(eB);
    at('2025-09-15T03:00:00Z');
    await replyAndRate(eB, c2, 'basically_satisfied', true);

    // 2025, planned only: not held, so not counted.
    await episode('2025-12-01', tongshan, districtDeputy, '征收安置');
    return app.reports.annual(2025);
  } finally {
    await app.close();
  }
}

/** A fresh app over a folder (a server restart, without listening) and its annual report. */
export async function annualAfterRestart(dataDir: string, year: number): Promise<{ report: AnnualReport; app: App }> {
  const app = await createApp({ store: new LowdbStore(dataDir), logger: createLogger('silent'), config: { adminPassword: 'unused-password', clientDir: join(dataDir, 'no-client') } });
  return { report: app.reports.annual(year), app };
}
