import { build } from 'vite';

/**
 * Browser tests drive the real built app, so `npm test` builds it first (about a second) rather than
 * trust whatever dist/ a previous run left behind.
 */
export default async function setup(): Promise<void> {
  if (process.env.SKIP_CLIENT_BUILD === 'true') return;
  // vitest sets NODE_ENV=test, which would give React's development build: test what ships.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
