import cluster, { type Worker } from 'node:cluster';
import { AggregatorRegistry, type PrometheusContentType } from 'prom-client';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createPgPool, listenMetrics, type Logger } from '@conveyor/runtime';
import type { Config } from '../config';
import { decideWorkerExit } from './workerExit';

/** /metrics of the whole cluster: each scrape asks every worker for its registry and sums them (prom-client). */
class ClusterMetricsRegistry extends AggregatorRegistry<PrometheusContentType> {
  override metrics(): Promise<string> {
    return this.clusterMetrics();
  }
}

/**
 * The Postgres connections the query API holds at most in worker processes (pure): per worker its pool
 * (PG_POOL_MAX) and its LISTEN connection.
 */
export const connectionsOfCluster = (config: Pick<Config, 'QUERY_API_WORKERS' | 'PG_POOL_MAX'>): number =>
  config.QUERY_API_WORKERS * (config.PG_POOL_MAX + 1);

/** The primary of a query API in worker processes: its /metrics, and how to stop it with its workers. */
export interface QueryApiCluster {
  metricsUrl?: string;
  close: () => Promise<void>;
}

/**
 * The primary process of the query API in `QUERY_API_WORKERS` processes (public; `main.ts` starts it).
 * It serves no request itself:
 * 1. the read-model migrations, once, before any worker (they would otherwise queue on the migration lock);
 * 2. the workers (`cluster.fork`: the same entry point and Node flags, so the tsx loader or the bundle alike),
 *    sharing PORT: Node's primary accepts the connections and hands them round-robin to the workers. Each has its
 *    own pool (PG_POOL_MAX) and its own LISTEN connection, so an SSE client on any worker gets every change;
 * 3. once every worker listens, /metrics on METRICS_PORT: the sum of every worker's registry (the workers open
 *    no metrics port; `shareMetricsWithPrimary`). A worker that exits is replaced, unless it never listened (the service
 *    stops: see `decideWorkerExit`). `close` sends SIGTERM to each worker, waits for all to drain and exit, then
 *    closes /metrics.
 */
export async function startQueryApiCluster(config: Config, options: {
  logger: Logger;
  /** Called when the service must stop because a worker failed to start (main: exit 1). */
  onFatal: (err: Error) => void;
}): Promise<QueryApiCluster> {
  const { logger } = options;
  const count = config.QUERY_API_WORKERS;

  // 1. Migrations, once; and whether Postgres allows the connections every worker will open.
  await ensureDatabase(config.DATABASE_URL);
  const pool = createPgPool({ url: config.DATABASE_URL, name: 'query-api', max: 1 });
  try {
    await migrate(pool);
    const { rows } = await pool.query<{ allowed: number }>(
      `select current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int as allowed`);
    const needed = connectionsOfCluster(config);
    if (rows[0] && needed > rows[0].allowed) {
      logger.warn({ needed, allowed: rows[0].allowed, workers: count, poolMax: config.PG_POOL_MAX }, 'the query API workers may open more connections than Postgres allows: lower PG_POOL_MAX or QUERY_API_WORKERS');
    }
  } finally {
    await pool.end();
  }

  // 2. The workers.
  const listening = new WeakSet<Worker>();
  const exited = new Set<Promise<void>>();
  let stopping = false;
  let started: { resolve: () => void; reject: (err: Error) => void } | null = null;
  const fork = (): Worker => {
    const worker = cluster.fork();
    const gone = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    exited.add(gone);
    worker.once('listening', () => {
      listening.add(worker);
      if (Object.values(cluster.workers ?? {}).every((w) => w && listening.has(w))) started?.resolve();
    });
    worker.once('exit', (code, signal) => {
      exited.delete(gone);
      const decision = decideWorkerExit({ shuttingDown: stopping, wasListening: listening.has(worker) });
      if (decision === 'ignore') return;
      const err = new Error(`query-api worker ${worker.process.pid ?? '?'} exited (${signal ?? `code ${code}`})`);
      if (decision === 'replace') {
        logger.error({ err }, 'query-api worker exited; starting another');
        fork();
        return;
      }
      if (started) started.reject(err);
      else options.onFatal(err);
    });
    return worker;
  };

  const stopWorkers = async () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) {
      if (worker && !worker.isDead()) worker.process.kill('SIGTERM');
    }
    await Promise.all([...exited]);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      started = { resolve, reject };
      for (let i = 0; i < count; i++) fork();
    });
  } catch (err) {
    await stopWorkers();
    throw err;
  }
  started = null;

  // 3. /metrics of all workers, once each answers.
  const metricsServer = await listenMetrics({ registry: new ClusterMetricsRegistry(), port: config.METRICS_PORT, host: config.HOST });
  logger.info({ port: config.PORT, host: config.HOST, workers: count }, 'query-api listening');
  return {
    metricsUrl: metricsServer.url,
    close: async () => {
      await stopWorkers();
      await metricsServer.close();
    },
  };
}
