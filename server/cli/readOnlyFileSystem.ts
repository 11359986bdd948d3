import { nodeFileSystem, type FileSystem } from '../store/durableJsonFile';

/**
 * The disk as a tool that only reads a data folder sees it: every write is refused with `refusal`
 * (so a bug cannot change a live centre's data), reads pass through and may be watched.
 */
export function readOnlyFileSystem(refusal: string, onRead: (path: string) => void = () => undefined): FileSystem {
  const refuse = async () => {
    throw new Error(refusal);
  };
  return {
    async readFile(path) {
      const text = await nodeFileSystem.readFile(path);
      onRead(path);
      return text;
    },
    readBytes: (path, offset) => nodeFileSystem.readBytes(path, offset),
    fileSize: (path) => nodeFileSystem.fileSize(path),
    writeFileSynced: refuse,
    appendSynced: refuse,
    truncate: refuse,
    rename: refuse,
    syncDirectory: refuse,
    unlink: refuse,
    // LowdbStore makes episodes/ on load; the tools check the folder exists first.
    mkdir: async () => undefined,
  };
}
