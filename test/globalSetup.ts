import { build } from 'vite';

/**
 * Browser tests drive the real built app, so `npm test` builds it first (about a second) rather than
 * trust whatever dist/ a previous run left behind.
 */
export default async function setup(): Promise<void> {
  if (process.env.SKIP_CLIENT_BUILD === 'true') return;
  await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn', mode: 'production' });
}
