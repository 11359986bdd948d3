import { describe, expect, it } from 'vitest';
import { emptyCatalogue, StaleCatalogueError, type CatalogueDoc } from '../../server/store/store';
import type { ContractContext } from './storeContract';

/** A catalogue with something in every part, as an admin's first hour leaves it. */
export function sampleCatalogue(): CatalogueDoc {
  const doc = emptyCatalogue();
  doc.units['unit-housing-01'] = { id: 'unit-housing-01', name: '市住房和城乡建设局', kind: 'department', level: '市级', version: 1 } as never;
  doc.people['person-zhang-01'] = { id: 'person-zhang-01', name: '张建国', title: '局长', unitId: 'unit-housing-01', principal: true, version: 1 } as never;
  doc.accounts['acct-admin-0001'] = {
    id: 'acct-admin-0001',
    username: 'admin',
    displayName: '节目管理员',
    role: 'admin',
    unitId: null,
    passwordHash: 'scrypt$abc$def',
    disabled: false,
    createdAt: '2025-01-02T01:00:00.000Z',
    version: 1,
  };
  doc.calendarOverrides['2025-10-11'] = { workday: true, note: '调休上班' } as never;
  doc.commands['unit-save-0001'] = { command: 'unit:save', fingerprint: 'fp-unit', at: '2025-01-02T01:00:00.000Z', result: { unitId: 'unit-housing-01' } };
  doc.audit.push({
    at: '2025-01-02T01:00:00.000Z',
    actor: { accountId: 'acct-admin-0001', name: '节目管理员', role: 'admin' },
    command: 'unit:save',
    commandId: 'unit-save-0001',
    target: 'unit-housing-01',
    changes: [{ path: 'name', before: null, after: '市住房和城乡建设局' }],
  } as never);
  return doc;
}

export function catalogueContract(context: ContractContext): void {
  describe('catalogue', () => {
    it('an empty store gives the empty catalogue, from load and from reload', async () => {
      const store = await context.open();
      expect(await store.loadCatalogue()).toEqual(emptyCatalogue());
      expect(await store.reloadCatalogue()).toEqual(emptyCatalogue());
    });

    it('a committed catalogue loads back whole, in this store and in a new one', async () => {
      const writer = await context.open();
      await writer.loadCatalogue();
      await writer.commitCatalogue(sampleCatalogue());
      expect(await writer.loadCatalogue()).toEqual(sampleCatalogue());
      expect(await (await context.open()).loadCatalogue()).toEqual(sampleCatalogue());
    });

    it('a store commits again and again after its own writes without reading in between', async () => {
      const store = await context.open();
      const doc = await store.loadCatalogue();
      for (const name of ['第一', '第二', '第三']) {
        doc.units['unit-housing-01'] = { ...sampleCatalogue().units['unit-housing-01'], name };
        await store.commitCatalogue(doc);
      }
      expect((await (await context.open()).loadCatalogue()).units['unit-housing-01'].name).toBe('第三');
    });

    it('reloadCatalogue gives the catalogue as last made durable, not the changes the caller made since', async () => {
      const store = await context.open();
      const doc = await store.loadCatalogue();
      Object.assign(doc, sampleCatalogue());
      await store.commitCatalogue(doc);
      // A command changes the live doc in place, then its write fails: memory goes back to the disk's copy.
      doc.units['unit-new'] = { ...doc.units['unit-housing-01'], id: 'unit-new', name: '未写入的单位' };
      delete doc.accounts['acct-admin-0001'];
      const reloaded = await store.reloadCatalogue();
      expect(reloaded).toEqual(sampleCatalogue());
      expect(reloaded).not.toBe(doc);
    });

    it('reloadCatalogue after a load gives what was loaded', async () => {
      const writer = await context.open();
      await writer.loadCatalogue();
      await writer.commitCatalogue(sampleCatalogue());
      const reader = await context.open();
      const loaded = await reader.loadCatalogue();
      loaded.units['unit-unsaved'] = { id: 'unit-unsaved' } as never;
      expect(await reader.reloadCatalogue()).toEqual(sampleCatalogue());
    });

    // Only a store several nodes share can be written behind a store's back; lowdb has one writer.
    if (context.sharedWriters) it('a catalogue write over another store’s newer write is refused as stale, and succeeds after loading again', async () => {
      const nodeA = await context.open();
      const nodeB = await context.open();
      await nodeA.loadCatalogue();
      await nodeB.loadCatalogue();
      await nodeA.commitCatalogue(sampleCatalogue());

      const fromB: CatalogueDoc = { ...emptyCatalogue(), calendarOverrides: { '2025-05-05': { workday: false, note: '' } } as never };
      await expect(nodeB.commitCatalogue(fromB)).rejects.toBeInstanceOf(StaleCatalogueError);
      // What B knew as durable is still what it read, and nothing of its refused write got in.
      expect(await nodeB.reloadCatalogue()).toEqual(emptyCatalogue());
      expect(await (await context.open()).loadCatalogue()).toEqual(sampleCatalogue());

      const latest = await nodeB.loadCatalogue();
      expect(latest).toEqual(sampleCatalogue());
      latest.calendarOverrides['2025-05-05'] = { workday: false, note: '' } as never;
      await nodeB.commitCatalogue(latest);
      await expect(nodeA.commitCatalogue(sampleCatalogue())).rejects.toBeInstanceOf(StaleCatalogueError);
      expect((await nodeA.loadCatalogue()).calendarOverrides).toHaveProperty('2025-05-05');
    });
  });
}
