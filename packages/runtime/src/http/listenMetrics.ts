import Koa from 'koa';
import type { Registry } from 'prom-client';
import { listen } from './listen';
import { operationalRoutes } from './operationalRoutes';

/**
 * Serves /metrics (and /healthz) on a port of its own (public): the APIs keep their metrics off the
 * authenticated API port, so Prometheus scrapes without credentials and the API does not expose them.
 * Port 0 picks a free port; the answer says where.
 */
export async function listenMetrics(options: { registry: Registry; port: number; host: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await listen(new Koa().use(operationalRoutes({ registry: options.registry, checks: [] })), { port: options.port, host: options.host });
  const at = server.server.address();
  return { url: `http://${options.host}:${typeof at === 'object' && at ? at.port : options.port}/metrics`, close: () => server.close() };
}
