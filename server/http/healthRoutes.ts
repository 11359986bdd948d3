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
    const { ready, reasons } = await readiness.check();
    // Disk sizes are for the admin screen (/api/admin/condition), not for anyone who asks.
    res.status(ready ? 200 : 503).json({ ok: ready, data: { ready, reasons } });
  });
  return router;
}
