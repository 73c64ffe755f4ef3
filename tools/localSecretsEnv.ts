import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The secrets key ring of a local platform (`npm start`, `npm run dev`): `SECRETS_KEYS` and
 * `SECRETS_ACTIVE_KEY_ID` from the environment when set, else a key generated once into
 * `<stateDir>/secrets.key` (mode 0600) and reused, so jobs sealed by an earlier run still open.
 */
export function localSecretsEnv(stateDir: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (env.SECRETS_KEYS) return {};
  const file = join(stateDir, 'secrets.key');
  if (!existsSync(file)) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(file, `local:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return { SECRETS_KEYS: readFileSync(file, 'utf8').trim(), SECRETS_ACTIVE_KEY_ID: 'local' };
}
