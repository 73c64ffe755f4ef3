import type Koa from 'koa';
import type { Registry } from 'prom-client';
import { listen } from './listen';
import { listenMetrics } from './listenMetrics';

/** Where an API listens, and the servers it opened (close them in reverse order). */
export interface ListeningApi {
  url: string;
  port: number;
  /** Set when /metrics listens on a port of its own. */
  metricsUrl?: string;
  closers: Array<() => Promise<void>>;
}

/**
 * Starts an API's HTTP server and, unless `metricsPort` is null, its `/metrics` on a port of its own
 * (Prometheus scrapes it without API credentials, and it is not exposed with the API). Port 0 picks a free one.
 */
export async function listenApi(app: Koa, options: { port: number; host: string; metricsPort: number | null; registry: Registry }): Promise<ListeningApi> {
  const server = await listen(app, { port: options.port, host: options.host });
  const closers: Array<() => Promise<void>> = [() => server.close()];
  let metricsUrl: string | undefined;
  if (options.metricsPort !== null) {
    const metricsServer = await listenMetrics({ registry: options.registry, port: options.metricsPort, host: options.host });
    closers.push(() => metricsServer.close());
    metricsUrl = metricsServer.url;
  }
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${options.host}:${port}`, port, closers, ...(metricsUrl ? { metricsUrl } : {}) };
}
