/// <reference types="vitest/config" />
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

export default defineConfig({
  root: resolve(here, 'client'),
  plugins: [react()],
  // The one chunk above 400 kB is the chart library (recharts, ~117 kB gzipped), loaded only by the reports screen.
  build: { outDir: resolve(here, 'dist/client'), emptyOutDir: true, chunkSizeWarningLimit: 450 },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/display': 'http://localhost:3000', '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
  test: {
    root: here,
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/globalSetup.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // A page on a busy 2-core machine (the whole suite beside it) can take more than vitest's default
    // second to show what it will show; a poll still fails the moment its time is up.
    expect: { poll: { timeout: 5_000 } },
    // Integration tests start real servers and write real files; two cores do not gain from more forks.
    maxWorkers: 2,
  },
});
