import { ERROR_DETAILS } from '../../shared/domain/errors';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

/** Serve the Vite-built client, with every unknown path answered by index.html (one route per role screen). */
export function clientRoutes(clientDir: string): Router {
  const router = Router();
  const index = join(clientDir, 'index.html');
  router.use(express.static(clientDir, { index: false, maxAge: '1h' }));
  router.get(/^(?!\/api\/|\/socket\.io\/).*/, (_req, res) => {
    if (!existsSync(index)) {
      return res.status(503).type('text/plain; charset=utf-8').send(ERROR_DETAILS.clientNotBuilt);
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
