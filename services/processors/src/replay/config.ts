import { z } from 'zod';
import { commonConfigShape, env, parseConfig } from '@conveyor/runtime';

/** The replay keys, shared with the processors' configuration (the runner is one of their roles). */
export const replayConfigShape = {
  /** The schema of the live read models a rebuild verifies against and swaps into. */
  REPLAY_LIVE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a lower-case schema name').default('public'),
  /** How often the replay runner looks for requested runs, in milliseconds. */
  REPLAY_POLL_MS: env.int(1000, 50, 60_000),
  /** The default of `redrive --max-redrives`. */
  REPLAY_MAX_REDRIVES: env.int(3, 1, 1000),
  /** As-of snapshots are dropped by the replay runner this many hours after they were built (issue 11). */
  ASOF_RETENTION_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
};

/** Defaults in one visible table. */
const schema = z.object({ ...commonConfigShape, ...replayConfigShape });

export type ReplayConfig = z.infer<typeof schema>;

/** Reads the replay configuration (CLI and runner) from the environment; throws one ConfigError naming every bad key. */
export function loadReplayConfig(environment: Record<string, string | undefined> = process.env): ReplayConfig {
  return parseConfig(schema, environment);
}
