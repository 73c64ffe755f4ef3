import { z } from 'zod';
import { parseEgressRules } from '@conveyor/job-types/egress';
import { secretKeyRingProblems, secretsConfigShape } from '@conveyor/job-types/secrets';
import { commonConfigShape, ConfigError, env, parseConfig } from '@conveyor/runtime';
import { replayConfigShape } from './replay/config';

/** The roles one processors process can run; `PROCESSOR_ROLES` picks a subset. */
export const processorRoles = ['dispatcher', 'executor', 'projector', 'scheduler', 'replay'] as const;
export type ProcessorRole = (typeof processorRoles)[number];

/** `type=n,type=n` → {type: n}; n a positive integer. */
function typeLimits() {
  return z.string().default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean).map((x) => x.split('=').map((y) => y.trim())))
    .refine((pairs) => pairs.every((p) => p.length === 2 && p[0] && /^[1-9]\d*$/.test(p[1] ?? '')), 'a comma-separated list of type=n, n ≥ 1')
    .transform((pairs) => Object.fromEntries(pairs.map(([t, n]) => [t as string, Number(n)])) as Record<string, number>);
}

/** `a,b,…`: CIDRs, addresses and host names (`*.example.com` for subdomains); each entry checked at start. */
function egressRules() {
  return z.string().default('').transform((s, ctx) => {
    try {
      parseEgressRules(s);
      return s.split(',').map((x) => x.trim()).filter(Boolean);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  });
}

/** Defaults in one visible table. */
const schema = z.object({
  ...commonConfigShape,
  PROCESSOR_ROLES: z.string().default('dispatcher,executor,projector,scheduler,replay')
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
  /** Where http.request may not connect / may connect even in a refused range (egress policy; deny wins). */
  EGRESS_DENY: egressRules(),
  EGRESS_ALLOW: egressRules(),
  /** Only EGRESS_ALLOW targets are reached. */
  EGRESS_ALLOWLIST_ONLY: env.bool(false),
  /** Loopback targets (127.0.0.0/8, ::1) are reached: set by the local platform and tests, never in production. */
  EGRESS_ALLOW_LOOPBACK: env.bool(false),
  /** Private targets (10/8, 172.16/12, 192.168/16, fc00::/7) are reached. */
  EGRESS_ALLOW_PRIVATE: env.bool(false),
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
  /** The job-type catalog's projection (job_types, job_type_workers). */
  jobTypesProjector: string;
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
    jobTypesProjector: `${p}conveyor-job-types-projector`, cancelWatch: `${p}conveyor-executor-cancel`, queueWatch: `${p}conveyor-executor-queues`,
  };
}
