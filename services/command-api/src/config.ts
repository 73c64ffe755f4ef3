import { z } from 'zod';
import { authConfigShape } from '@conveyor/auth';
import { egressConfigShape } from '@conveyor/job-types/egress';
import { secretKeyRingProblems, secretsConfigShape } from '@conveyor/job-types/secrets';
import { commonConfigShape, ConfigError, env, parseConfig } from '@conveyor/runtime';

/** A refill rate in tokens per second: fractions allowed (0.5 = one every 2 s). */
const perSecond = (def: number) => z.coerce.number().positive().max(1_000_000).default(def);

const MiB = 1024 * 1024;

/**
 * Every setting of the command API with its default (one visible table). Sizes in bytes, times in
 * milliseconds.
 */
const configSchema = z.object({
  ...commonConfigShape,
  PORT: env.port(3001),
  HOST: env.string('127.0.0.1'),
  /** Body limit of single-job requests. */
  MAX_BODY_BYTES: env.int(1 * MiB, 1024, 64 * MiB),
  /** Body limit of POST /v1/jobs/batch: 1,000 jobs must fit. */
  MAX_BATCH_BODY_BYTES: env.int(16 * MiB, 1024, 256 * MiB),
  /** How long the publisher waits for more events before sending a batch. */
  LINGER_MS: env.int(1, 0, 1000),
  /**
   * A request whose events Kafka has not acknowledged by then is answered 503 with Retry-After (issue 14:
   * a bounded, honest answer during a broker outage; queued events are withdrawn, not published later).
   */
  PUBLISH_TIMEOUT_MS: env.int(5_000, 100, 120_000),
  /** Events waiting in the publisher's queue at most; beyond it a request is refused with 503 at once. */
  PUBLISH_QUEUE_MAX_MESSAGES: env.int(50_000, 1, 10_000_000),
  /**
   * Direct dispatch: a submission runnable at once (no runAt in the future) goes out with its first work item
   * in one Kafka transaction, so the executor receives it without the dispatcher's hop; every publish is then
   * one transaction per batch. `false` (the default until the replay log reader reads past a trailing commit
   * marker, docs/performance.md "Direct dispatch"): only events are published, the dispatcher publishes all work.
   */
  DIRECT_DISPATCH: env.bool(false),
  /**
   * With DIRECT_DISPATCH, the longest a transaction stays open before the coordinator aborts it: also how long
   * an instance that died inside one holds back the readers of the partitions it wrote to.
   */
  KAFKA_TRANSACTION_TIMEOUT_MS: env.int(10_000, 1_000, 900_000),
  /**
   * Origins allowed to call from a browser (comma-separated; `*` only when set explicitly). The default is the
   * local dashboard; production sets its own origin (issue 11: no `*` by default).
   */
  CORS_ORIGINS: env.string('http://127.0.0.1:3000,http://localhost:3000'),
  /** Sends Strict-Transport-Security; on by default when NODE_ENV=production. */
  HSTS: z.enum(['true', 'false', '']).default('').transform((v) => v || undefined),
  NODE_ENV: z.string().default('development'),
  /** /metrics is served on this port of its own, outside the API (not behind its authentication). */
  METRICS_PORT: env.port(9101),
  ...authConfigShape,
  /**
   * A command on an entity this process just wrote (cancel after submit, pause after create) waits at most
   * this long for the read model to pass that write (the projection lags the log by milliseconds).
   */
  OWN_WRITE_WAIT_MS: env.int(2000, 0, 30_000),
  /** A request repeating a pending Idempotency-Key waits this long for the first one to be published. */
  IDEMPOTENCY_WAIT_MS: env.int(5000, 0, 60_000),
  /** Per-principal rate limits (token buckets shared by every instance through Postgres); `false` turns them off. */
  RATE_LIMIT_ENABLED: env.bool(true),
  /** Jobs a principal may submit per second, sustained (a batch counts each job); an API key's `rateLimits.submitPerSecond` overrides it. */
  RATE_LIMIT_SUBMIT_PER_SECOND: perSecond(500),
  /** Jobs a principal may submit at once after a pause: the bucket's capacity, and the largest batch it accepts. */
  RATE_LIMIT_SUBMIT_BURST: env.int(1000, 1, 10_000_000),
  /** Schedules (not deleted) one principal may own. */
  MAX_SCHEDULES_PER_PRINCIPAL: env.int(100, 1, 1_000_000),
  /** The shortest interval between two fires of a schedule, in seconds (a 6-field cron can fire every second). */
  MIN_SCHEDULE_INTERVAL_SECONDS: env.int(10, 1, 86_400),
  /** Every statement of the API's pool is cancelled after this long (then 503); 0 for no limit. */
  PG_STATEMENT_TIMEOUT_MS: env.int(5_000, 0, 600_000),
  /** A session idle inside a transaction this long is ended by Postgres; 0 for no limit. */
  PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: env.int(10_000, 0, 600_000),
  /** As-of snapshots kept at most (built, being built or requested); a request for another instant beyond it is refused with 409. */
  ASOF_MAX_SNAPSHOTS: env.int(10, 1, 1000),
  /** The key ring secrets of job payloads are sealed with (`SECRETS_KEYS`, required; `SECRETS_ACTIVE_KEY_ID`). */
  ...secretsConfigShape,
  /**
   * The egress settings of the processors (same keys, same values): a webhook subscription whose URL they
   * refuse (a loopback or private address…) is refused at creation (issue 12).
   */
  ...egressConfigShape,
  /** A submission reads the job-type catalog again when the copy in memory is older than this, in milliseconds (an unknown type reads it at once). */
  JOB_TYPE_CATALOG_REFRESH_MS: env.int(5_000, 0, 600_000),
  /** An API key command answers once the processors' identity projection applied it (the key works); after this long, 503. */
  KEY_PROJECTION_WAIT_MS: env.int(10_000, 100, 120_000),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and checks the configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const config = parseConfig(configSchema, source);
  const problems = secretKeyRingProblems(config); // the active key must be in the ring: a startup error
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Strict-Transport-Security is sent when HSTS=true, or in production unless HSTS=false (public). */
export const hstsEnabled = (config: Pick<Config, 'HSTS' | 'NODE_ENV'>): boolean =>
  config.HSTS === 'true' || (config.HSTS === undefined && config.NODE_ENV === 'production');
