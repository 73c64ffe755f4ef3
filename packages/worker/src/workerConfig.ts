import { z } from 'zod';
import { secretKeyRingOf } from '@conveyor/job-types/secrets';
import { commonConfigShape, ConfigError, env, parseConfig } from '@conveyor/runtime';

/**
 * A worker's settings, from the same environment keys as the processors' (defaults in one visible
 * table). Kafka, the schema registry and Postgres are all needed: claims, leases and stored outcomes
 * live in the platform's database (the `executor_claims` table its migrations create).
 */
const schema = z.object({
  ...commonConfigShape,
  /** Identifies this process in claims and events; generated when unset. */
  WORKER_ID: env.optionalString(),
  /**
   * How long a running attempt's claim holds without a heartbeat, in milliseconds (heartbeats go three
   * times per lease); a worker that stops heart-beating loses its claims to another once it lapses.
   */
  CLAIM_LEASE_MS: env.int(30_000, 300, 3_600_000),
  /** Attempts claimed or running their handler at once (the `concurrency` option wins). */
  WORKER_CONCURRENCY: env.int(10, 1, 10_000),
  /** Work items held in memory per priority before that priority's topics are paused. */
  WORKER_QUEUE_CAPACITY: env.int(1000, 1, 1_000_000),
  /** Timeout of an attempt whose job and job type name none, in milliseconds. */
  EXECUTOR_DEFAULT_TIMEOUT_MS: env.int(600_000, 1, 86_400_000),
  /** Attempts of one concurrencyKey running at once in this process (jobs without a key are not limited). */
  KEY_CONCURRENCY: env.int(2, 1, 10_000),
  /** Pooled Postgres connections at most (claims and outcomes; the liveness session is one more). */
  PG_POOL_MAX: env.int(5, 1, 200),
  /** The key ring that opens sealed payload secrets; without it a job with sealed secrets fails (SECRET_UNREADABLE). */
  SECRETS_KEYS: env.optionalString(),
  SECRETS_ACTIVE_KEY_ID: env.optionalString(),
});

export type WorkerConfig = z.infer<typeof schema>;

/** Reads a worker's configuration; throws one ConfigError naming every bad key. */
export function loadWorkerConfig(environment: Record<string, string | undefined> = process.env): WorkerConfig {
  const config = parseConfig(schema, environment);
  if (config.SECRETS_KEYS) {
    try {
      secretKeyRingOf({ SECRETS_KEYS: config.SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID: config.SECRETS_ACTIVE_KEY_ID });
    } catch (err) {
      throw new ConfigError([`SECRETS_KEYS: ${(err as Error).message}`]);
    }
  }
  return config;
}
