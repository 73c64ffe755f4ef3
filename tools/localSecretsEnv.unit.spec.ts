import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSecretKeyRing } from '@conveyor/job-types/secrets';
import { localSecretsEnv } from './localSecretsEnv';

describe('localSecretsEnv (npm start, npm run dev)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-secrets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generates one valid key into <stateDir>/secrets.key (0600) and reuses it; SECRETS_KEYS in the environment wins', () => {
    const first = localSecretsEnv(dir, {});
    expect(parseSecretKeyRing(first.SECRETS_KEYS, first.SECRETS_ACTIVE_KEY_ID).activeKeyId).toBe('local');
    expect(statSync(join(dir, 'secrets.key')).mode & 0o777).toBe(0o600);
    expect(localSecretsEnv(dir, {})).toEqual(first);
    expect(localSecretsEnv(dir, { SECRETS_KEYS: 'mine:x' })).toEqual({});
  });
});
