import { timingSafeEqual, createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { Router } from 'express';
import type { Logger } from 'pino';
import { ERROR_DETAILS } from '../../shared/domain/errors';
import type { Metrics } from '../metrics/metrics';

export interface MetricsAccess {
  /** `Authorization: Bearer <token>` lets a scraper in from anywhere. */
  token?: string;
  /** Addresses or CIDR ranges (`10.0.0.0/8`, `::1`) let in without a token. */
  allow?: string[];
}

/** Parse METRICS_ALLOW into a list a request's address is checked against; a bad entry stops the start. */
export function allowList(entries: string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    const [address, bits] = entry.split('/');
    const family = isIP(address);
    if (!family) throw new Error(`METRICS_ALLOW: 「${entry}」不是 IP 地址或网段 (not an address or CIDR)`);
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return list;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * GET /metrics in Prometheus's text format. Closed unless METRICS_TOKEN or METRICS_ALLOW is set: a
 * reverse proxy on the same machine would otherwise make every visitor look like localhost.
 */
export function metricsRoutes({ metrics, access, logger }: { metrics: Metrics; access: MetricsAccess; logger: Logger }): Router {
  const router = Router();
  const allowed = allowList(access.allow ?? []);
  const hasAllowList = (access.allow ?? []).some((entry) => entry.trim());
  const token = access.token ? digest(access.token) : null;
  router.get('/metrics', async (req, res) => {
    if (!token && !hasAllowList) return res.status(404).type('text/plain; charset=utf-8').send(ERROR_DETAILS.metricsOff);
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const byToken = Boolean(token && bearer && timingSafeEqual(digest(bearer), token));
    const address = (req.ip ?? '').replace(/^::ffff:/, '');
    const byAddress = hasAllowList && isIP(address) > 0 && allowed.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    if (!byToken && !byAddress) return res.status(403).type('text/plain; charset=utf-8').send(ERROR_DETAILS.metricsForbidden);
    try {
      const body = await metrics.text();
      res.set('Cache-Control', 'no-store').type(metrics.contentType).send(body);
    } catch (err) {
      logger.warn({ err }, 'metrics scrape failed');
      res.status(500).type('text/plain; charset=utf-8').send(ERROR_DETAILS.metricsFailed);
    }
  });
  return router;
}
