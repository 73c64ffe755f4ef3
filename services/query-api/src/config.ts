import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { authConfigShape } from '@conveyor/auth';
import { commonConfigShape, env, parseConfig } from '@conveyor/runtime';

/** A refill rate in tokens per second: fractions allowed (0.5 = one every 2 s). */
const perSecond = (def: number) => z.coerce.number().positive().max(1_000_000).default(def);

/** Every setting of the query API with its default (one visible table). Times in milliseconds. */
const configSchema = z.object({
  DATABASE_URL: commonConfigShape.DATABASE_URL,
  /**
   * Where the job change feed opens its LISTEN connection when DATABASE_URL goes through a pooler: straight to
   * Postgres, since PgBouncer's transaction pooling delivers no notifications (deploy/README.md, "PgBouncer").
   * Unset: DATABASE_URL.
   */
  DATABASE_LISTEN_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  LOG_LEVEL: commonConfigShape.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonConfigShape.OTEL_EXPORTER_OTLP_ENDPOINT,
  /** The job-type catalog served is the one projected from this prefix's admin log (the processors' TOPIC_PREFIX). */
  TOPIC_PREFIX: commonConfigShape.TOPIC_PREFIX,
  PORT: env.port(3002),
  HOST: env.string('127.0.0.1'),
  /**
   * Origins allowed to call from a browser (comma-separated; `*` only when set explicitly). The default is the
   * local dashboard; production sets its own origin (issue 11: no `*` by default).
   */
  CORS_ORIGINS: env.string('http://127.0.0.1:3000,http://localhost:3000'),
  /** Sends Strict-Transport-Security; on by default when NODE_ENV=production. */
  HSTS: z.enum(['true', 'false', '']).default('').transform((v) => v || undefined),
  NODE_ENV: z.string().default('development'),
  /** /metrics is served on this port of its own, outside the API (not behind its authentication). */
  METRICS_PORT: env.port(9102),
  ...authConfigShape,
  /**
   * Connections of the query pool of each worker process (the SSE feed holds one more of its own): the service
   * opens up to QUERY_API_WORKERS × (PG_POOL_MAX + 1), which must stay under Postgres' max_connections less what
   * the other services hold (the primary warns at start when it exceeds max_connections).
   */
  PG_POOL_MAX: env.int(10, 1, 200),
  /**
   * Processes serving the API (`node:cluster`, issue 13): a primary that accepts the connections and this many
   * workers, each with its own pool and LISTEN connection; 1 serves in a single process. Default: the number of
   * CPUs. Tests that start the API in-process (`startQueryApi`) always get one process.
   */
  QUERY_API_WORKERS: env.int(availableParallelism(), 1, 64),
  /** Comment line sent on every idle SSE stream, so proxies keep it open. */
  SSE_HEARTBEAT_MS: env.int(15_000, 100, 300_000),
  /** The longest wait of a read with `?after=` for the projection to pass that log position; then 503. */
  POSITION_WAIT_MAX_MS: env.int(5_000, 0, 60_000),
  /** Per-principal rate limits on the expensive reads (token buckets shared through Postgres); `false` turns them off. */
  RATE_LIMIT_ENABLED: env.bool(true),
  /** Expensive reads (job list and search, stats, audit, dead-letter list) a principal may make per second, sustained; an API key's `rateLimits.readsPerSecond` overrides it. */
  RATE_LIMIT_READ_PER_SECOND: perSecond(20),
  /** Expensive reads a principal may make at once after a pause (the bucket's capacity). */
  RATE_LIMIT_READ_BURST: env.int(100, 1, 10_000_000),
  /** Open SSE streams this process serves at most. */
  STREAM_MAX_CONNECTIONS: env.int(1_000, 1, 1_000_000),
  /** Open SSE streams one principal may hold on this process. */
  STREAM_MAX_CONNECTIONS_PER_PRINCIPAL: env.int(10, 1, 100_000),
  /** Every statement of the query pool is cancelled after this long (then 503); 0 for no limit. */
  PG_STATEMENT_TIMEOUT_MS: env.int(5_000, 0, 600_000),
  /** A session idle inside a transaction this long is ended by Postgres; 0 for no limit. */
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.int(10_000, 0, 600_000),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and checks the configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return parseConfig(configSchema, source);
}

/** Strict-Transport-Security is sent when HSTS=true, or in production unless HSTS=false (public). */
export const hstsEnabled = (config: Pick<Config, 'HSTS' | 'NODE_ENV'>): boolean =>
  config.HSTS === 'true' || (config.HSTS === undefined && config.NODE_ENV === 'production');
