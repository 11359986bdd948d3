import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OTHER_CATEGORY, SEED_CATEGORIES, type Category } from '../../shared/domain/categories';
import type { ReportSummary } from '../../shared/protocol/events';
import { appealInput, buildStudio, commandId, connectAs, eventually, ok, send as sendAck, type ClientSocket, type Studio } from '../helpers/testServer';


/** The ack, loosely typed: these tests read `error` off refusals. */
const send = sendAck as (...args: Parameters<typeof sendAck>) => Promise<any>;
/*
 * Point 11 of issue 15, through the real server: the controlled category list is seeded, every
 * screen reads it, only the admin keeps it, intake never holds a caller up for a category off the
 * list (it is kept as typed and counted under 其他), a retired category stays valid, and the
 * reports group every appeal by the list — old free text and an injection string under 其他.
 */

const INJECTION = "'); DROP TABLE appeals;--<script>alert(1)</script>";
const PERIOD = { from: '2025-11-01', to: '2025-11-30' };

async function categories(socket: ClientSocket): Promise<Category[]> {
  return (await ok(socket, 'catalogue:get', {})).categories;
}

describe('the controlled category list', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('is seeded on first start and read by every screen, in the seed order', async () => {
    studio = await buildStudio();
    const followup = await connectAs(studio.server, studio.admin, 'followup');
    const unit = await connectAs(studio.server, studio.admin, 'unit', studio.unitId);
    for (const socket of [studio.admin, studio.operator, studio.leader, studio.screen, followup, unit]) {
      expect((await categories(socket)).map((c) => c.name)).toEqual([...SEED_CATEGORIES]);
    }
    followup.disconnect();
    unit.disconnect();
  });

  it('never refuses a caller for a category off the list: it is kept as typed and counted under 其他', async () => {
    studio = await buildStudio();
    const { operator, admin, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const odd = INJECTION.slice(0, 30);
    expect((await ok(operator, 'appeal:create', appealInput(episodeId, { category: odd }))).appeal.category).toBe(odd);
    // On the list: accepted; no category yet (a prank call): accepted too.
    expect((await ok(operator, 'appeal:create', appealInput(episodeId, { category: '物业管理' }))).appeal.category).toBe('物业管理');
    expect((await ok(operator, 'appeal:create', appealInput(episodeId, { category: '' }))).appeal.category).toBe('');
    const summary: ReportSummary = await ok(admin, 'reports:summary', PERIOD);
    const keys = summary.categories.map((c) => c.key);
    expect(keys).not.toContain(odd);
    expect(summary.categories.find((c) => c.key === OTHER_CATEGORY)?.count).toBe(2);
  });

  it('is kept by the admin only: added, renamed and retired, every screen told; retired stays valid on old appeals', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const denied = await send(operator, 'category:save', { commandId: commandId(), name: '导播自建类别' });
    expect(denied.error.code).toBe('FORBIDDEN');

    const told: string[] = [];
    operator.on('catalogue:changed', ({ what }) => told.push(what));
    const { category } = await ok(admin, 'category:save', { commandId: commandId(), name: '低空经济' });
    await eventually(() => told.includes('categories'));
    expect((await categories(operator)).at(-1)).toMatchObject({ name: '低空经济', retired: false });
    const duplicate = await send(admin, 'category:save', { commandId: commandId(), name: '物业管理' });
    expect(duplicate.error).toMatchObject({ code: 'DUPLICATE', message: '已有名为「物业管理」的类别。' });

    const old = (await ok(operator, 'appeal:create', appealInput(episodeId, { category: '低空经济' }))).appeal;
    const { category: retired } = await ok(admin, 'category:save', { commandId: commandId(), categoryId: category.id, expectedVersion: category.version, name: '低空经济', retired: true });
    expect(retired).toMatchObject({ retired: true, version: 2 });
    expect((await categories(operator)).find((c) => c.name === '低空经济')?.retired).toBe(true);
    // The appeal that already carries it is still corrected freely (its category unchanged)…
    const fixed = await ok(operator, 'appeal:update', { commandId: commandId(), episodeId, appealId: old.id, expectedVersion: old.version, patch: { summary: '无人机夜间扰民', category: '低空经济' } });
    expect(fixed.appeal).toMatchObject({ summary: '无人机夜间扰民', category: '低空经济' });

    // A stale edit is a conflict with the fresh record.
    const stale = await send(admin, 'category:save', { commandId: commandId(), categoryId: category.id, expectedVersion: 1, name: '低空飞行' });
    expect(stale.error.code).toBe('CONFLICT');
    expect(stale.error.fresh).toMatchObject({ id: category.id, version: 2 });
  });

  it('is seeded into a data folder written before the list existed, its appeals still readable', async () => {
    studio = await buildStudio();
    const { operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const appeal = (await ok(operator, 'appeal:create', appealInput(episodeId, { category: '物业管理' }))).appeal;
    await studio.server.stop();
    const file = join(studio.server.dataDir, 'catalogue.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    delete doc.categories;
    await writeFile(file, JSON.stringify(doc));
    await writeFile(join(studio.server.dataDir, 'catalogue.last-good.json'), JSON.stringify(doc));
    const server = await studio.server.restart();
    studio.server = server;
    studio.admin.disconnect();
    const { connectWithCookie, login, ADMIN_PASSWORD } = await import('../helpers/testServer');
    studio.admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    expect((await categories(studio.admin)).map((c) => c.name)).toEqual([...SEED_CATEGORIES]);
    expect(server.app.studio.state(episodeId).appeals[appeal.id].category).toBe('物业管理');
    studio.admin.disconnect();
    await server.stop();
  });
});

describe('the reports group categories by the list', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('counts listed categories by name, a renamed one under its new name, and old free text, an injection string and no category under 其他', async () => {
    studio = await buildStudio();
    const { admin, operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    // Appeals written before the list existed: free text the server then accepted.
    const catalogue = studio.server.app.catalogue.data as { categories: Record<string, Category> };
    const list = catalogue.categories;
    catalogue.categories = undefined as never;
    for (const category of [INJECTION.slice(0, 30), '未分类', '小区杂事']) await ok(operator, 'appeal:create', appealInput(episodeId, { category }));
    catalogue.categories = list;
    for (const category of ['物业管理', '物业管理', '供水服务', '']) await ok(operator, 'appeal:create', appealInput(episodeId, { category }));
    const water = (await categories(admin)).find((c) => c.name === '供水服务')!;
    await ok(admin, 'category:save', { commandId: commandId(), categoryId: water.id, expectedVersion: water.version, name: '城市供水' });
    await ok(operator, 'appeal:create', appealInput(episodeId, { category: '城市供水' }));

    const summary: ReportSummary = await ok(admin, 'reports:summary', PERIOD);
    expect(summary.categories).toEqual([
      { key: OTHER_CATEGORY, count: 4 },
      { key: '城市供水', count: 2 },
      { key: '物业管理', count: 2 },
    ]);
    expect(JSON.stringify(summary.categories)).not.toMatch(/DROP|script|未分类|小区杂事/);
    // The appeals themselves keep what was written.
    const written = Object.values(studio.server.app.studio.state(episodeId).appeals).map((a) => a.category);
    expect(written).toContain('未分类');
  });
});
