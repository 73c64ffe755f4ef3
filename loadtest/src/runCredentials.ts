import { randomBytes } from 'node:crypto';

/** What a run that starts its own services gives them, and what its requests send. */
export interface RunCredentials {
  /** The run's admin key: sent as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** For every service of the run: the key (AUTH_BOOTSTRAP_API_KEY), one secrets key ring, rate limits off. */
  env: Record<'AUTH_BOOTSTRAP_API_KEY' | 'SECRETS_KEYS' | 'SECRETS_ACTIVE_KEY_ID' | 'RATE_LIMIT_ENABLED', string>;
}

/**
 * The credentials of one run of a tool that starts its own services (chaos, soak, drill; public): a random
 * bootstrap admin key of the run, a random secrets key ring shared by all its services (what the command
 * API seals the processors open), and the per-principal rate limits off, since the run's whole load comes
 * from one principal (its key) and the limit would measure itself, not the platform.
 */
export function runCredentials(run: string, random: (bytes: number) => Buffer = randomBytes): RunCredentials {
  if (!/^[a-z][a-z0-9-]*$/.test(run)) throw new Error(`run name "${run}": lowercase letters, digits and dashes`);
  const apiKey = `cvk-${run}-${random(24).toString('base64url')}`;
  return {
    apiKey,
    env: {
      AUTH_BOOTSTRAP_API_KEY: apiKey,
      SECRETS_KEYS: `${run}:${random(32).toString('base64')}`,
      SECRETS_ACTIVE_KEY_ID: run,
      RATE_LIMIT_ENABLED: 'false',
    },
  };
}
