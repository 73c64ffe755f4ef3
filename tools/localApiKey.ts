/**
 * The local platform's bootstrap API key (issue 11): `npm start` and `npm run dev` pass it to both APIs as
 * AUTH_BOOTSTRAP_API_KEY (an admin key named `bootstrap`) and write it to `.stack/api-key` (mode 600), where
 * the local tools (seed, smoke, load test, bench) read it unless CONVEYOR_API_KEY names another key.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const fileOf = (stateDir: string) => join(stateDir, 'api-key');

/** The key of this run: AUTH_BOOTSTRAP_API_KEY when set, else a new random one; written to `<stateDir>/api-key`. */
export function ensureLocalApiKey(env: NodeJS.ProcessEnv, stateDir: string): string {
  const key = env.AUTH_BOOTSTRAP_API_KEY || `cvk-bootstrap-${randomBytes(32).toString('base64url')}`;
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(fileOf(stateDir), `${key}\n`, { mode: 0o600 });
  chmodSync(fileOf(stateDir), 0o600);
  return key;
}

/** The key a local tool sends: CONVEYOR_API_KEY, else the one `npm start` wrote, else none. */
export function readLocalApiKey(env: NodeJS.ProcessEnv, stateDir: string = env.CONVEYOR_STATE_DIR ?? join(__dirname, '..', '.stack')): string | undefined {
  if (env.CONVEYOR_API_KEY) return env.CONVEYOR_API_KEY;
  const file = fileOf(stateDir);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() || undefined : undefined;
}

/** The Authorization header of a local tool's requests (empty without a key: the API answers 401 and says so). */
export const localAuthHeaders = (env: NodeJS.ProcessEnv = process.env): Record<string, string> => {
  const key = readLocalApiKey(env);
  return key ? { authorization: `Bearer ${key}` } : {};
};
