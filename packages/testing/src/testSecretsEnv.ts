import { randomBytes } from 'node:crypto';

/**
 * The secrets key ring of the services a test starts (`SECRETS_KEYS`, `SECRETS_ACTIVE_KEY_ID`): random
 * per test process, the same for every service the process starts or passes it to, so what the command
 * API seals the processors open.
 */
export const testSecretsEnv: Readonly<Record<'SECRETS_KEYS' | 'SECRETS_ACTIVE_KEY_ID', string>> = {
  SECRETS_KEYS: `test:${randomBytes(32).toString('base64')}`,
  SECRETS_ACTIVE_KEY_ID: 'test',
};
