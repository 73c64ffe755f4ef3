import { z } from 'zod';
import { commonConfigShape, env, parseConfig } from '@conveyor/runtime';

/** The roles one processors process can run; `PROCESSOR_ROLES` picks a subset. */
export const processorRoles = ['dispatcher', 'executor', 'projector', 'scheduler'] as const;
export type ProcessorRole = (typeof processorRoles)[number];

/** Defaults in one visible table (STYLE.md: configuration). */
const schema = z.object({
  ...commonConfigShape,
  PROCESSOR_ROLES: z.string().default('dispatcher,executor,projector,scheduler')
    .transform((s) => s.split(',').map((r) => r.trim()).filter(Boolean))
    .refine((roles) => roles.length > 0 && roles.every((r) => (processorRoles as readonly string[]).includes(r)), `a comma-separated subset of ${processorRoles.join(',')}`)
    .transform((roles) => [...new Set(roles)] as ProcessorRole[]),
  METRICS_PORT: env.port(3003),
  /** Attempts run at once by this process. */
  EXECUTOR_CONCURRENCY: env.int(50, 1, 10_000),
  /** Work items held in memory per priority before that work topic is paused. */
  EXECUTOR_QUEUE_CAPACITY: env.int(1000, 1, 1_000_000),
  /** Timeout of an attempt whose job and job type name none, in milliseconds. */
  EXECUTOR_DEFAULT_TIMEOUT_MS: env.int(600_000, 1, 86_400_000),
  /** How often the timer loop looks for due timers, in milliseconds. */
  DISPATCHER_TIMER_INTERVAL_MS: env.int(150, 10, 60_000),
  /** Identifies this process in claims and events; generated when unset. */
  WORKER_ID: env.optionalString(),
});

export type Config = z.infer<typeof schema>;

/** Reads the processors' configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  return parseConfig(schema, environment);
}
