import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../../../server/app';
import { createLogger } from '../../../server/logger';
import { SimClock, Simulation } from '../../../server/cli/demo/simulation';
import { planYear } from '../../../server/cli/demo/yearPlan';
import { LowdbStore } from '../../../server/store/lowdbStore';
import { ADMIN_PASSWORD } from '../lib/benchConfig';
import { emit, options, runMain } from '../lib/childSide';
import { continueCatalogue } from './multiYearCatalogue';

/**
 * One year of demo data into a bench data folder, through the product's own generator
 * (server/cli/demo): `--year Y --scale S --data DIR`. The first year goes into an empty folder and
 * sets up the catalogue; a later year into the same folder keeps it (see multiYearCatalogue). One
 * process per year, so a ten-year folder is also ten restarts of the app on its own data.
 */
runMain(async () => {
  const args = options();
  const year = Number(args.year);
  const scale = Number(args.scale ?? 1);
  const dataDir = args.data;
  if (!year || !dataDir) throw new Error('--year and --data are required');
  const started = performance.now();
  const first = !existsSync(join(dataDir, 'catalogue.json'));
  const plan = planYear(year, scale);
  const clock = new SimClock(plan.setupAt);
  const app = await createApp({
    store: new LowdbStore(dataDir),
    clock,
    logger: createLogger('warn'),
    config: { adminPassword: ADMIN_PASSWORD, clientDir: join(dataDir, 'no-client'), dueCheckMs: 24 * 3_600_000 },
  });
  const simulation = new Simulation(app, clock, plan);
  if (!first) continueCatalogue(simulation, app, plan);
  try {
    await simulation.run();
  } finally {
    await app.close();
  }
  const appeals = plan.episodes.reduce((sum, e) => sum + e.appeals.length, 0);
  emit('generated', { year, scale, episodes: plan.episodes.length, appeals, commands: simulation.commandCount, seconds: (performance.now() - started) / 1000 });
});
