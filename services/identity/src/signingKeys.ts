import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The provider's secrets: a private JWK set that signs tokens, and the keys that sign its cookies. */
export interface ProviderKeys {
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

/**
 * Loads the keys from `<dir>/keys.json`, generating them the first time (an RS256 key of 2048 bits and two
 * cookie keys), so tokens issued before a restart still verify against the JWKS after it. Written to a
 * temporary file and renamed, readable by the owner only.
 */
export function loadOrCreateKeys(dir: string): ProviderKeys {
  const file = join(dir, 'keys.json');
  if (existsSync(file)) {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as ProviderKeys;
    if (!Array.isArray(keys.jwks?.keys) || !keys.jwks.keys.length || !keys.cookieKeys?.length) {
      throw new Error(`${file} is not a key file of the identity provider: delete it to generate new keys`);
    }
    return keys;
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
  const keys: ProviderKeys = { jwks: { keys: [jwk] }, cookieKeys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')] };
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(keys, null, 2), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  return keys;
}
