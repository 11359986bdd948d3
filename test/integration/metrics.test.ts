import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { appealInput, buildStudio, commandId, connectAs, ok, send, startServer, type Studio, type TestServer } from '../helpers/testServer';

/** One sample's value from Prometheus's text format, or undefined when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) return Number(line.split(' ').at(-1));
  }
  return undefined;
}

const TOKEN = 'scrape-token-0123456789';
const scrape = (server: TestServer, token: string | null = TOKEN) => fetch(`${server.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('GET /metrics', () => {
  let studio: Studio | undefined;
  let plain: TestServer | undefined;
  afterEach(async () => {
    await studio?.close();
    await plain?.stop();
    studio = plain = undefined;
  });

  it('scraped during a burst, its ack histogram counts every command sent, with the store’s batches, sockets by role and the disk', async () => {
    const server = await startServer({ config: { metrics: { token: TOKEN } } });
    studio = await buildStudio({ server });
    const { operator, episodeId } = studio;
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    await ok(studio.screen, 'episode:sync', { episodeId, sinceSeq: null }); // the big screen follows the show: events fan out to it
    const operators = [operator, await connectAs(server, studio.admin, 'operator'), await connectAs(server, studio.admin, 'operator')];

    const PER_OPERATOR = 40;
    const scrapesDuring: string[] = [];
    let bursting = true;
    const scraping = (async () => {
      while (bursting) {
        scrapesDuring.push(await (await scrape(server)).text());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    await Promise.all(
      operators.map(async (socket) => {
        for (let i = 0; i < PER_OPERATOR; i++) await ok(socket, 'appeal:create', appealInput(episodeId));
      }),
    );
    bursting = false;
    await scraping;
    // A refused command is counted too, apart from the acknowledged ones.
    const refused: any = await send(operator, 'appeal:create', { ...appealInput(episodeId), summary: '' });
    expect(refused.ok).toBe(false);

    const response = await scrape(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(sample(text, 'zfrx_command_ack_seconds_count', { command: 'appeal:create', outcome: 'ok' })).toBe(operators.length * PER_OPERATOR);
    expect(sample(text, 'zfrx_command_ack_seconds_count', { command: 'appeal:create', outcome: 'refused' })).toBe(1);
    expect(sample(text, 'zfrx_command_ack_seconds_bucket', { command: 'appeal:create', outcome: 'ok', le: '+Inf' })).toBe(operators.length * PER_OPERATOR);
    // Every appeal reached the disk in some batch: the batches' events add up to at least the appeals.
    expect(sample(text, 'zfrx_store_commit_events_sum')!).toBeGreaterThanOrEqual(operators.length * PER_OPERATOR);
    expect(sample(text, 'zfrx_store_commit_seconds_count', { target: 'episode' })!).toBeGreaterThan(0);
    expect(sample(text, 'zfrx_storage_errors_total', { target: 'episode' }) ?? 0).toBe(0);
    expect(sample(text, 'zfrx_sockets', { role: 'operator' })).toBe(3);
    expect(sample(text, 'zfrx_sockets', { role: 'screen' })).toBe(1);
    expect(sample(text, 'zfrx_disk_free_bytes')!).toBeGreaterThan(0);
    expect(sample(text, 'zfrx_events_broadcast_total', { audience: 'masked' })!).toBeGreaterThan(0);
    expect(sample(text, 'zfrx_process_resident_memory_bytes')!).toBeGreaterThan(0);
    expect(sample(text, 'zfrx_nodejs_eventloop_lag_p99_seconds')).toBeDefined();
    // Scrapes during the burst saw the count grow, never past what had been sent.
    const during = scrapesDuring.map((t) => sample(t, 'zfrx_command_ack_seconds_count', { command: 'appeal:create', outcome: 'ok' }) ?? 0);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((n, i) => n <= operators.length * PER_OPERATOR && (i === 0 || n >= during[i - 1]))).toBe(true);
    for (const socket of operators.slice(1)) socket.disconnect();
  });

  it('is closed when neither a token nor addresses are set, and refuses a wrong token with a Chinese sentence', async () => {
    plain = await startServer();
    const closed = await scrape(plain);
    expect(closed.status).toBe(404);
    expect(await closed.text()).toContain('监控指标未开启');
    await plain.stop();

    plain = await startServer({ config: { metrics: { token: TOKEN } } });
    const none = await scrape(plain, null);
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('无权读取监控指标');
    expect((await scrape(plain, `${TOKEN}x`)).status).toBe(403);
    expect((await scrape(plain)).status).toBe(200);
  });

  it('lets configured addresses in without a token, and no others', async () => {
    plain = await startServer({ config: { metrics: { allow: ['127.0.0.0/8'] } } });
    expect((await scrape(plain, null)).status).toBe(200);
    await plain.stop();
    plain = await startServer({ config: { metrics: { allow: ['10.0.0.0/8'] } } });
    expect((await scrape(plain, null)).status).toBe(403);
  });

  it('the shipped Grafana dashboard and alert rules name only series the server exports', async () => {
    plain = await startServer({ config: { metrics: { token: TOKEN } } });
    const text = await (await scrape(plain)).text();
    const exported = new Set(text.split('\n').filter((line) => line.startsWith('# TYPE ')).flatMap((line) => {
      const [, , name, type] = line.split(' ');
      return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name];
    }));
    const dashboard = JSON.parse(await readFile('docs/grafana-dashboard.json', 'utf8'));
    const dashboardExprs: string[] = dashboard.panels.flatMap((panel: any) => panel.targets.map((target: any) => target.expr));
    const alertExprs = [...(await readFile('docs/alerts.yml', 'utf8')).matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1]);
    expect(dashboardExprs.length).toBeGreaterThanOrEqual(10);
    expect(alertExprs.length).toBeGreaterThanOrEqual(5);
    const named = [...dashboardExprs, ...alertExprs].flatMap((expr) => expr.match(/zfrx_[a-z0-9_]+/g) ?? []);
    expect(named.filter((name) => !exported.has(name))).toEqual([]);
  });
});
