import { appendFile } from 'node:fs/promises';
import { nodeFileSystem, type FileSystem } from '../../server/store/durableJsonFile';

/**
 * The real file system with switches: count the durable writes, or make the next writes fail the
 * way a full disk or a read-only folder does. Only the test decides when the fault is there.
 */
export function faultyFileSystem() {
  const state = { failWrites: null as null | 'ENOSPC' | 'EACCES', failRename: false, writes: 0, syncs: [] as string[] };
  const fail = (code: string) => Object.assign(new Error(`${code}: injected fault`), { code });
  const fs: FileSystem = {
    ...nodeFileSystem,
    async writeFileSynced(path, text) {
      if (state.failWrites) throw fail(state.failWrites);
      await nodeFileSystem.writeFileSynced(path, text);
      state.writes += 1;
      state.syncs.push(`file:${path}`);
    },
    async appendSynced(path, text) {
      if (state.failWrites === 'EACCES') throw fail('EACCES');
      if (state.failWrites === 'ENOSPC') {
        // A full disk can take part of a record before it refuses the rest.
        await appendFile(path, text.slice(0, Math.floor(text.length / 2)));
        throw fail('ENOSPC');
      }
      await nodeFileSystem.appendSynced(path, text);
      state.writes += 1;
      state.syncs.push(`append:${path}`);
    },
    async truncate(path, length) {
      if (state.failWrites === 'EACCES') throw fail('EACCES');
      await nodeFileSystem.truncate(path, length);
    },
    async rename(from, to) {
      if (state.failRename) throw fail('EXDEV');
      await nodeFileSystem.rename(from, to);
      state.syncs.push(`rename:${to}`);
    },
    async syncDirectory(path) {
      await nodeFileSystem.syncDirectory(path);
      state.syncs.push(`dir:${path}`);
    },
  };
  return { fs, state };
}
