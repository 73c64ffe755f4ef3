import { z } from 'zod';
import { egressConfigShape } from '@conveyor/job-types/egress';
import { secretKeyRingProblems, secretsConfigShape } from '@conveyor/job-types/secrets';
import { commonConfigShape, ConfigError, env, parseConfig } from '@conveyor/runtime';
import { replayConfigShape } from './replay/config';

/** The roles one processors process can run; `PROCESSOR_ROLES` picks a subset. */
export const processorRoles = ['dispatcher', 'executor', 'projector', 'scheduler', 'replay', 'webhooks'] as const;
export type ProcessorRole = (typeof processorRoles)[number];

/** `type=n,type=n` → {type: n}; n a positive integer. */
function typeLimits() {
  return z.string().default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => x.split('=').map((y) => y.trim())))
    .refine((pairs) => pairs.every((p) => p.length === 2 && p[0] && /^[1-9]\d*$/.test(p[1] ?? '')), 'a comma-separated list of type=n, n ≥ 1')
    .transform((pairs) => Object.fromEntries(pairs.map(([t, n]) => [t as string, Number(n)])) as Record<string, number>);
}

/** Defaults in one visible table. */
const schema = z.object({
  ...commonConfigShape,
  PROCESSOR_ROLES: z.string().default('dispatcher,executor,projector,scheduler,replay,webhooks')
    .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
    .refine((roles) => roles.length > 0 && roles.every((r) => (processorRoles as readonly string[]).includes(r)), `a comma-separated subset of ${processorRoles.join(',')}`)
    .transform((roles) => [...new Set(roles)] as ProcessorRole[]),
  METRICS_PORT: env.port(3003),
  /** Pooled Postgres connections at most (besides the few dedicated session connections). */
  PG_POOL_MAX: env.int(20, 1, 200),
  /** Attempts claimed or running their handler at once in this process (storing and publishing outcomes, batched, does not hold a slot). */
  EXECUTOR_CONCURRENCY: env.int(50, 1, 10_000),
  /** Work items held in memory per priority before that work topic is paused. */
  EXECUTOR_QUEUE_CAPACITY: env.int(1000, 1, 1_000_000),
  /** Timeout of an attempt whose job and job type name none, in milliseconds. */
  EXECUTOR_DEFAULT_TIMEOUT_MS: env.int(600_000, 1, 86_400_000),
  /**
   * Partition batches of the job-events topic the projector applies at once, each in its own transaction
   * (the topic has 6 partitions; a job's events are all in one, so its row updates stay in order).
   */
  PROJECTOR_PARTITIONS_CONCURRENTLY: env.int(6, 1, 64),
  /** How often the timer loop looks for due timers, in milliseconds. */
  DISPATCHER_TIMER_INTERVAL_MS: env.int(150, 10, 60_000),
  /**
   * How long a running attempt's claim holds without a heartbeat, in milliseconds (heartbeats go three
   * times per lease); a worker that stops heart-beating loses its claims to another once it lapses.
   */
  CLAIM_LEASE_MS: env.int(30_000, 300, 3_600_000),
  /** Identifies this process in claims and events; generated when unset. */
  WORKER_ID: env.optionalString(),
  /** Per-type limits on attempts running at once in this process, `type=n,…` (e.g. `http.request=20,sleep=5`); over a type definition's `defaults.concurrency`. */
  TYPE_CONCURRENCY: typeLimits(),
  /** Time between two WorkerSeen heartbeats on the admin log (the job-type catalog's "last seen"), in milliseconds. */
  CATALOG_HEARTBEAT_INTERVAL_MS: env.int(15_000, 1_000, 3_600_000),
  /** Attempts of one concurrencyKey running at once in this process (jobs without a key are not limited). */
  KEY_CONCURRENCY: env.int(2, 1, 10_000),
  /** Where http.request and webhook.deliver may connect (EGRESS_DENY, EGRESS_ALLOW, EGRESS_ALLOWLIST_ONLY, EGRESS_ALLOW_LOOPBACK, EGRESS_ALLOW_PRIVATE). */
  ...egressConfigShape,
  /** Attempts of a webhook delivery before it is dead-lettered (issue 12). */
  WEBHOOK_MAX_ATTEMPTS: env.int(8, 1, 100),
  /** The first retry delay of a webhook delivery, doubled per attempt (with jitter), in milliseconds. */
  WEBHOOK_BACKOFF_MS: env.int(5_000, 10, 3_600_000),
  /** The longest retry delay of a webhook delivery, in milliseconds. */
  WEBHOOK_MAX_BACKOFF_MS: env.int(3_600_000, 10, 86_400_000),
  /** One delivery attempt's limit (connect, send, answer), in milliseconds. */
  WEBHOOK_TIMEOUT_MS: env.int(15_000, 100, 300_000),
  ...replayConfigShape,
  /** The key ring the executor opens sealed secrets with (`SECRETS_KEYS`, required; `SECRETS_ACTIVE_KEY_ID`). */
  ...secretsConfigShape,
});

export type Config = z.infer<typeof schema>;

/** Reads the processors' configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const config = parseConfig(schema, environment);
  const problems = secretKeyRingProblems(config); // the active key must be in the ring: a startup error
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** The processors' consumer groups; the default ids carry TOPIC_PREFIX, so instances on other prefixes (tests) never share a group. */
export interface ConsumerGroups {
  dispatcher: string;
  executor: string;
  projector: string;
  deadLetterProjector: string;
  scheduleProjector: string;
  identityProjector: string;
  /** The webhooks role: subscriptions projection, delivery history projection, delivery planner. */
  webhookSubscriptions: string;
  webhookDeliveries: string;
  webhookPlanner: string;
  /** The job-type catalog's projection (job_types, job_type_workers). */
  jobTypesProjector: string;
  /** The queue states' projection (queue_states: paused or running). */
  queueStatesProjector: string;
  /** Prefix of each executor's own cancel-watch group (`<prefix>-<workerId>`). */
  cancelWatch: string;
  /** Prefix of each executor's own queue-watch group (QueuePaused, QueueResumed; `<prefix>-<workerId>`). */
  queueWatch: string;
}

/** Default consumer group ids: `${TOPIC_PREFIX}conveyor-<role>` (plain `conveyor-<role>` in production, where the prefix is empty). */
export function consumerGroups(config: Pick<Config, 'TOPIC_PREFIX'>): ConsumerGroups {
  const p = config.TOPIC_PREFIX;
  return {
    dispatcher: `${p}conveyor-dispatcher`, executor: `${p}conveyor-executor`, projector: `${p}conveyor-projector`,
    deadLetterProjector: `${p}conveyor-dead-letter-projector`, scheduleProjector: `${p}conveyor-schedule-projector`, identityProjector: `${p}conveyor-identity-projector`,
    webhookSubscriptions: `${p}conveyor-webhook-subscriptions`, webhookDeliveries: `${p}conveyor-webhook-deliveries`, webhookPlanner: `${p}conveyor-webhook-planner`,
    jobTypesProjector: `${p}conveyor-job-types-projector`, queueStatesProjector: `${p}conveyor-queue-states-projector`,
    cancelWatch: `${p}conveyor-executor-cancel`, queueWatch: `${p}conveyor-executor-queues`,
  };
}
