import { z } from 'zod';

/** Keys whose values are secrets: their values are never echoed in a ConfigError (issue 11). */
const secretKey = /(SECRET|PASSWORD|TOKEN|_KEYS?$)/;

/** Thrown by {@link parseConfig}: names every bad key at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses environment variables with a zod object schema whose keys are the variable names.
 * Every problem is collected and reported in one {@link ConfigError} (fail fast, list all).
 */
export function parseConfig<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    const v = env[key];
    picked[key] = v === '' ? undefined : v;
  }
  const result = schema.safeParse(picked);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => {
    const key = i.path.join('.') || '(root)';
    // A secret's value never reaches a message (logs, terminals): only the problem is named.
    const shown = picked[key] !== undefined && !secretKey.test(key);
    return `${key}: ${i.message}${shown ? ` (got ${JSON.stringify(picked[key])})` : ''}`;
  });
  throw new ConfigError(problems);
}

/** Reusable env field parsers. */
export const env = {
  port: (def: number) => z.coerce.number().int().min(1).max(65535).default(def),
  int: (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def),
  url: (def: string) => z.url().default(def),
  postgresUrl: (def: string) =>
    z.string().default(def).refine((s) => /^postgres(ql)?:\/\//.test(s), 'must be a postgres:// URL'),
  brokers: (def: string) =>
    z.string().default(def)
      .transform((s) => s.split(',').map((b) => b.trim()).filter(Boolean))
      .refine((l) => l.length > 0 && l.every((b) => /^[^:\s]+:\d+$/.test(b)), 'must be a comma-separated list of host:port'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  bool: (def: boolean) => z.enum(['true', 'false', '1', '0']).default(def ? 'true' : 'false').transform((v) => v === 'true' || v === '1'),
  string: (def: string) => z.string().min(1).default(def),
  optionalString: () => z.string().min(1).optional(),
};

/** The keys every service shares: where Kafka, the registry and Postgres are, and how to log. */
export const commonConfigShape = {
  KAFKA_BROKERS: env.brokers('127.0.0.1:9092'),
  SCHEMA_REGISTRY_URL: env.url('http://127.0.0.1:8081/apis/ccompat/v7'),
  DATABASE_URL: env.postgresUrl('postgres://postgres@127.0.0.1:5432/conveyor'),
  LOG_LEVEL: env.logLevel(),
  OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalString(),
  TOPIC_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]*$/, 'letters, digits, dots, dashes, underscores').default(''),
  // Production clusters (Strimzi with TLS + SCRAM): see deploy/overlays/prod.
  KAFKA_SSL: env.bool(false),
  KAFKA_SSL_CA_FILE: env.optionalString(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: env.optionalString(),
  KAFKA_SASL_PASSWORD: env.optionalString(),
  /**
   * How long a SIGTERM may take before the process exits 1 anyway, in milliseconds (issue 14). Keep it
   * under the orchestrator's grace period: 25 s fits the APIs' 40 s; the executor, whose running attempts
   * drain until 5 s before it, takes its deployment's grace period minus 10 s (120 s → 110,000).
   */
  SHUTDOWN_TIMEOUT_MS: env.int(25_000, 1_000, 3_600_000),
};
