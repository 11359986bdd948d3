import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './lib/benchConfig';

/**
 * `tsx test/bench/profileSummary.ts FILE.cpuprofile [--top 25] [--from S] [--to S]`: where a bench
 * server's CPU went, from a profile left by `BENCH_CPU_PROF=1 npm run bench -- ...`. Prints busy
 * time per second of the profile (to find the measured phase: start-up and the clients' set-up come
 * first), then, for the samples between `--from` and `--to` seconds, self time by area (our folders,
 * each package under node_modules, Node's internals, gc) and the functions with the most self and
 * the most inclusive time; idle time is left out of the shares.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith('/') ? relative(REPO_ROOT, path) : path;
}

function areaOf(node: ProfileNode): string {
  const name = node.callFrame.functionName;
  const file = where(node.callFrame.url);
  if (!file) return name.startsWith('(') ? name : '(native)';
  if (file.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (pkg) return pkg[1];
  return file.split('/').slice(0, 2).join('/');
}

const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

function main() {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: profileSummary.ts FILE.cpuprofile [--top N]');
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 25;
  const secondsArg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
  const from = secondsArg('--from', 0) * 1000;
  const to = secondsArg('--to', Infinity) * 1000;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>();
  const perSecond: number[] = [];
  let clock = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    clock += ms;
    if (byId.get(id)!.callFrame.functionName !== '(idle)') perSecond[Math.floor(clock / 1000)] = (perSecond[Math.floor(clock / 1000)] ?? 0) + ms;
    if (clock >= from && clock < to) self.set(id, (self.get(id) ?? 0) + ms);
  });
  console.log(`busy ms per second of the profile: ${Array.from(perSecond, (ms, s) => `${s}s:${Math.round(ms ?? 0)}`).join(' ')}`);
  let idle = 0;
  let busy = 0;
  const areas = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') {
      idle += ms;
      continue;
    }
    busy += ms;
    areas.set(areaOf(node), (areas.get(areaOf(node)) ?? 0) + ms);
    selfFn.set(keyOf(node), (selfFn.get(keyOf(node)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!);
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
  const list = (title: string, map: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${ms.toFixed(0).padStart(8)} ms ${pct(ms)}  ${key}`);
  };
  console.log(`${file}\nbusy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms (shares below are of busy time)`);
  list('self time by area', areas, 30);
  list('self time by function', selfFn, top);
  list('inclusive time by function (our code and packages)', new Map([...inclusive].filter(([k]) => !k.startsWith('('))), top);
}

main();
