import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { Role } from '../shared/domain/types';
import * as C from '../shared/protocol/commands';
import { createApp, type App } from './app';
import { readEnv } from './config';
import { createLogger } from './logger';
import { generatePassword } from './auth/passwords';
import { newId } from './services/clock';
import type { CommandMeta } from './services/episodeLedger';
import { fingerprintOf } from './services/fingerprint';
import { LowdbStore } from './store/lowdbStore';

/** Today's date in China, whatever the server's time zone. */
function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

const ROLE_ACCOUNTS: Array<{ username: string; displayName: string; role: Role }> = [
  { username: 'operator', displayName: '导播 小陈', role: 'operator' },
  { username: 'leader', displayName: '住建局 张局长', role: 'leader' },
  { username: 'screen', displayName: '演播大屏', role: 'screen' },
  { username: 'followup', displayName: '督办 小刘', role: 'followup' },
  { username: 'unit', displayName: '住建局联络员', role: 'unit' },
];

/**
 * Fill the demo folder through the same service commands the screens use (never by writing JSON):
 * units, leaders, today's episode, one account per role. Credentials are kept beside the data so a
 * second `npm run demo` prints them again.
 */
async function seed(app: App, adminPassword: string): Promise<string[]> {
  const admin = Object.values(app.catalogue.data.accounts).find((a) => a.role === 'admin')!;
  // Every payload goes through the same schema as a socket command, with a real commandId.
  const command = <S extends z.ZodType>(name: string, schema: S, payload: Record<string, unknown>): { input: z.output<S>; meta: CommandMeta } => {
    const input = schema.parse({ commandId: `demo-${newId()}`, ...payload }) as z.output<S>;
    const meta: CommandMeta = {
      command: name,
      commandId: (input as { commandId: string }).commandId,
      fingerprint: fingerprintOf(name, input as object),
      actor: app.catalogue.actorOf(admin),
      at: new Date().toISOString(),
    };
    return { input, meta };
  };
  const unit = async (name: string, kind: 'department' | 'public_service') => {
    const { input, meta } = command('unit:save', C.UnitSave, { name, kind, level: '市级' });
    return (await app.catalogue.saveUnit(input, meta)).unit;
  };
  const person = async (name: string, title: string, unitId: string, principal: boolean) => {
    const { input, meta } = command('person:save', C.PersonSave, { name, title, unitId, principal });
    return (await app.catalogue.savePerson(input, meta)).person;
  };
  const housing = await unit('市住房和城乡建设局', 'department');
  const water = await unit('市水务集团', 'public_service');
  await unit('市交通运输局', 'department');
  const chief = await person('张建国', '局长', housing.id, true);
  await person('李红梅', '副局长', housing.id, false);
  await person('王志强', '总经理', water.id, true);
  const plan = command('episode:plan', C.EpisodePlan, {
    date: todayInChina(),
    slot: { start: '09:00', end: '10:00' },
    theme: '老旧小区改造与物业服务',
    host: '李主持',
    unitIds: [housing.id],
    leaderIds: [chief.id],
  });
  await app.studio.plan(plan.input, plan.meta);
  const lines = [`admin      ${adminPassword}   （节目管理员）`];
  for (const account of ROLE_ACCOUNTS) {
    const password = generatePassword(10);
    const { input, meta } = command('account:create', C.AccountCreate, { ...account, unitId: account.role === 'unit' ? housing.id : null, password });
    await app.catalogue.createAccount(input, meta);
    lines.push(`${account.username.padEnd(10)} ${password}   （${account.displayName}）`);
  }
  const linkCommand = command('displayLink:create', C.DisplayLinkCreate, { label: '一号演播室大屏' });
  const link = await app.catalogue.createDisplayLink(linkCommand.input, linkCommand.meta);
  lines.push(`大屏免登录链接 display link: ${link.path}`);
  return lines;
}

async function main(): Promise<void> {
  const env = readEnv({ ...process.env, DATA_DIR: process.env.DATA_DIR ?? './demo-data' });
  const credentialsFile = join(env.dataDir, 'DEMO-ACCOUNTS.txt');
  const fresh = !existsSync(join(env.dataDir, 'catalogue.json'));
  const adminPassword = env.adminPassword ?? generatePassword(10);
  const app = await createApp({ store: new LowdbStore(env.dataDir), logger: createLogger(), config: { adminPassword, clientDir: env.clientDir } });
  if (fresh) await writeFile(credentialsFile, (await seed(app, adminPassword)).join('\n') + '\n', { mode: 0o600 });
  const url = await app.listen(env.port, env.host);
  const credentials = existsSync(credentialsFile) ? await readFile(credentialsFile, 'utf8') : '（演示账号文件不见了：删除演示数据目录后重新运行 npm run demo）\n';
  console.log(
    [``, `政风热线直播台 演示模式: ${url}`, `演示数据目录: ${resolve(env.dataDir)}（今天有一期节目待开播）`, `演示账号（用户名 密码）:`, credentials.replace(/\/display\//, `${url}/display/`)].join('\n'),
  );
}

main().catch((error) => {
  console.error('演示启动失败 demo failed:', error);
  process.exit(1);
});
