import cluster from 'node:cluster';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createMetrics, createPgPool, listenApi, runService, type Logger } from '@conveyor/runtime';
import { createApiAuthentication } from '@conveyor/auth';
import { createConnectionLimiter, createRateLimiter } from '@conveyor/rate-limit';
import { createApp } from './app';
import { loadConfig, type Config } from './config';
import { createJobQueries } from './jobs/queries';
import { createLoadtestQueries } from './loadtests/queries';
import { createStatsQueries } from './stats/queries';
import { createJobChangeFeed } from './stream/jobChangeFeed';
import { createPositionWaiter } from './positions/createPositionWaiter';
import { createDeadLetterQueries, deadLetterRoutes } from './deadLetters';
import { createScheduleQueries, scheduleRoutes } from './schedules';
import { createJobTypeQueries, jobTypeRoutes } from './jobTypes';
import { createQueueQueries, queueRoutes } from './queues';
import { topicNames } from '@conveyor/kafka/topics';
import { createWebhookQueries, webhookRoutes } from './webhooks';
import { createReplayQueries } from './replays/queries';
import { replayRoutes } from './replays/routes';
import { createIdentityQueries } from './identity/queries';
import { identityRoutes } from './identity/routes';
import { startQueryApiCluster } from './cluster/startQueryApiCluster';
import { shareMetricsWithPrimary } from './cluster/shareMetricsWithPrimary';

const service = 'query-api';

/** A running query API: where it listens, its metrics, and how to stop it. */
export interface QueryApi {
  url: string;
  port: number;
  metrics: ReturnType<typeof createMetrics>;
  /** Where /metrics is served (its own port), unless started without it. */
  metricsUrl?: string;
  close: () => Promise<void>;
}

/**
 * Opens the connections and serves the query API (public; tests start it in-process with PORT 0).
 * Resolves once it listens; `close` stops it in reverse order.
 */
export async function startQueryApi(config: Config, options: {
  logger: Logger; isShuttingDown?: () => boolean; now?: () => number;
  /** Port of the /metrics server: default METRICS_PORT, 0 for any, null for none (tests). */
  metricsPort?: number | null;
}): Promise<QueryApi> {
  const { logger } = options;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => logger.error({ err }, 'error while closing'));
  };
  try {
    // 4. Postgres: the database and the read-model migrations (the projector writes, this API reads).
    await ensureDatabase(config.DATABASE_URL);
    // Every statement bounded (issue 11): a slow search answers 503 instead of holding a connection.
    const pool = createPgPool({
      url: config.DATABASE_URL, name: service, max: config.PG_POOL_MAX,
      statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: config.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    });
    closers.push(() => pool.end());
    await migrate(pool);

    // 5. The job change feed: one LISTEN connection shared by every SSE client, never through a pooler.
    const feed = createJobChangeFeed({ databaseUrl: config.DATABASE_LISTEN_URL ?? config.DATABASE_URL, logger });
    await feed.start();
    closers.push(() => feed.stop());

    // 6. The application: the queries of each feature, and the read-your-writes waiter woken by the feed.
    const metrics = createMetrics(service);
    const positions = createPositionWaiter({ pool, feed, maxWaitMs: config.POSITION_WAIT_MAX_MS });
    const adminTopic = topicNames(config.TOPIC_PREFIX).adminEvents;
    // Per-principal token buckets in Postgres, shared by every instance; they fail open when it is away.
    const limiter = createRateLimiter({
      pool, logger, registry: metrics.registry,
      settings: { enabled: config.RATE_LIMIT_ENABLED, policies: { read: { perSecond: config.RATE_LIMIT_READ_PER_SECOND, burst: config.RATE_LIMIT_READ_BURST } } },
    });
    closers.push(async () => limiter.close());
    const streams = createConnectionLimiter({ max: config.STREAM_MAX_CONNECTIONS, maxPerPrincipal: config.STREAM_MAX_CONNECTIONS_PER_PRINCIPAL, registry: metrics.registry });
    const app = createApp({
      config, logger, metrics, authenticator: createApiAuthentication(config, { pool }), now: options.now, isShuttingDown: options.isShuttingDown, limiter, streams,
      jobs: createJobQueries({ pool }),
      stats: createStatsQueries({ pool }),
      loadtests: createLoadtestQueries({ pool }),
      feed, positions,
      features: [
        scheduleRoutes({ schedules: createScheduleQueries({ pool, now: options.now }), positions }),
        deadLetterRoutes({ deadLetters: createDeadLetterQueries({ pool }), positions }),
        replayRoutes({ replays: createReplayQueries({ pool }) }),
        identityRoutes({ queries: createIdentityQueries({ pool }) }),
        jobTypeRoutes({ jobTypes: createJobTypeQueries({ pool, adminTopic }) }),
        queueRoutes({ queues: createQueueQueries({ pool, adminTopic, now: options.now }), positions }),
        webhookRoutes({ webhooks: createWebhookQueries({ pool }), positions }),
      ],
      checks: [
        { name: 'postgres', check: () => pool.query('select 1') },
        // The live stream and the read-your-writes waiter hang on the LISTEN connection (issue 14).
        { name: 'postgres-listen', check: async () => { if (!feed.connected) throw new Error('LISTEN connection down; reconnecting'); } },
      ],
    });

    // 7. Listen; closing stops accepting requests first (SSE streams end with their sockets), then the feed and the pool.
    const api = await listenApi(app, {
      port: config.PORT, host: config.HOST, registry: metrics.registry,
      metricsPort: options.metricsPort === undefined ? config.METRICS_PORT : options.metricsPort,
    });
    closers.push(...api.closers);
    const { port, metricsUrl } = api;
    logger.info({ port, host: config.HOST }, 'query-api listening');
    return { url: api.url, port, metrics, close, ...(metricsUrl ? { metricsUrl } : {}) };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The composition root: configuration, logs, traces, then the API, with shutdown on SIGTERM/SIGINT. With
 * QUERY_API_WORKERS > 1 this process is the primary of a cluster (`startQueryApiCluster`) and each worker
 * process runs this same file: the API without a /metrics port of its own, its registry summed by the primary.
 */
export function main(): Promise<void> {
  if (cluster.isWorker) {
    return runService({
      service, loadConfig: () => loadConfig(),
      start: async (config, deps) => {
        const api = await startQueryApi(config, { ...deps, metricsPort: null });
        shareMetricsWithPrimary(api.metrics.registry);
        return api;
      },
    });
  }
  return runService({
    service, loadConfig: () => loadConfig(),
    start: (config, deps) => config.QUERY_API_WORKERS > 1
      ? startQueryApiCluster(config, { logger: deps.logger, onFatal: (err) => { deps.logger.fatal({ err }, `${service} stopped`); process.exit(1); } })
      : startQueryApi(config, deps),
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
