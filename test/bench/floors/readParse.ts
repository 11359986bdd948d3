import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { emit, options, runMain } from '../lib/childSide';

/**
 * Floor of a cold start: read and JSON.parse what a store must read to start, and nothing else.
 * `--dir DIR` parses every *.json file under it (catalogue.json, episodes/*.json); with `--all`
 * every file, *.log files as JSON lines and any other file read as text. Synchronous reads, one
 * after another: the fastest plain Node does it. Timed from the runner (spawn to this line) and inside.
 */
runMain(async () => {
  const args = options();
  const all = args.all === 'true';
  const started = performance.now();
  let files = 0;
  let bytes = 0;
  let records = 0;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.json')) {
        const text = readFileSync(path, 'utf8');
        JSON.parse(text);
        files += 1;
        bytes += Buffer.byteLength(text);
        records += 1;
      } else if (all && entry.isFile()) {
        const text = readFileSync(path, 'utf8');
        files += 1;
        bytes += Buffer.byteLength(text);
        if (entry.name.endsWith('.log') || entry.name.endsWith('.jsonl')) {
          for (const line of text.split('\n')) if (line.trim()) (JSON.parse(line), (records += 1));
        }
      }
    }
  };
  walk(args.dir);
  emit('parsed', { ms: performance.now() - started, files, bytes, records, processMs: performance.now() });
});
