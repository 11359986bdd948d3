import { Router } from 'express';
import type { Readiness } from '../services/readiness';

/**
 * `/healthz`: alive (200 while the process serves). `/readyz`: can take commands now, or 503 with
 * the reasons in Chinese. A load balancer takes a node out on /readyz, never restarts it on it.
 */
export function healthRoutes({ readiness, summary }: { readiness: Readiness; summary: () => { store: string; episodes: number } }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ok: true, data: summary() });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const report = await readiness.check();
    res.status(report.ready ? 200 : 503).json({ ok: report.ready, data: report });
  });
  return router;
}
