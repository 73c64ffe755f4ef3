import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { commonConfigShape, env, parseConfig } from '@conveyor/runtime';

const shape = z.object({
  ...commonConfigShape,
  REDIS_URL: env.string('redis://127.0.0.1:6379'),
  /** Consumer groups whose lag is sampled during a run (default: the processors' groups under TOPIC_PREFIX). */
  LOADTEST_LAG_GROUPS: env.optionalString(),
  /** The API key sent to the command and query APIs; default: the one `npm start` wrote to .stack/api-key. */
  CONVEYOR_API_KEY: env.optionalString(),
  /** Where `npm start` keeps its state (its api-key file among it). */
  CONVEYOR_STATE_DIR: env.optionalString(),
});

/** The key `npm start` wrote to `<stateDir>/api-key` (mode 600), if any. */
function startedPlatformKey(stateDir: string): string | undefined {
  const file = join(stateDir, 'api-key');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** Where the stack is; read once from the environment (the only file that reads process.env). */
export interface Config {
  kafkaBrokers: string[];
  registryUrl: string;
  databaseUrl: string;
  redisUrl: string;
  topicPrefix: string;
  logLevel: string;
  lagGroups: string[];
  /** Sent as `Authorization: Bearer <apiKey>` (CONVEYOR_API_KEY, else `<CONVEYOR_STATE_DIR>/api-key`). */
  apiKey?: string;
}

/** Loads the load-test configuration; throws a ConfigError naming each bad key. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const c = parseConfig(shape, source);
  // CONVEYOR_API_KEY, else the bootstrap key of the platform `npm start` runs.
  const apiKey = c.CONVEYOR_API_KEY ?? startedPlatformKey(c.CONVEYOR_STATE_DIR ?? join(__dirname, '..', '..', '.stack'));
  return {
    kafkaBrokers: c.KAFKA_BROKERS,
    registryUrl: c.SCHEMA_REGISTRY_URL,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    ...(apiKey ? { apiKey } : {}),
    topicPrefix: c.TOPIC_PREFIX,
    logLevel: c.LOG_LEVEL,
    // The processors name their groups TOPIC_PREFIX + conveyor-<role>.
    lagGroups: (c.LOADTEST_LAG_GROUPS ?? ['dispatcher', 'executor', 'projector'].map((r) => `${c.TOPIC_PREFIX}conveyor-${r}`).join(','))
      .split(',').map((g) => g.trim()).filter(Boolean),
  };
}

/** The stack endpoints of a load-test configuration, as the in-process platform takes them. */
export function endpointsOf(config: Config): { kafkaBrokers: string[]; registryUrl: string; databaseUrl: string } {
  return { kafkaBrokers: config.kafkaBrokers, registryUrl: config.registryUrl, databaseUrl: config.databaseUrl };
}
