import type { Pool } from '@conveyor/runtime';
import { isRole, type RateLimits, type Role } from './roles';

/** An API key as the `api_keys` read model holds it (migration 010): the hash, never the key. */
export interface StoredApiKey {
  keyId: string;
  name: string;
  prefix: string;
  hash: string;
  roles: Role[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  rateLimits: RateLimits | null;
}

/** Reads keys by prefix and records their use (public); SQL of `api_keys` and `api_key_usage`. */
export interface ApiKeyStore {
  findByPrefix(prefix: string): Promise<StoredApiKey | null>;
  /** Records a use, unless one at most a minute old is already recorded. */
  touch(keyId: string, at: Date): Promise<void>;
}

interface ApiKeyRow {
  key_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  roles: string[];
  expires_at: Date | null;
  revoked_at: Date | null;
  rate_limits: RateLimits | null;
}

/** The Postgres store of API keys (public). */
export function createApiKeyStore(deps: { pool: Pick<Pool, 'query'> }): ApiKeyStore {
  return {
    async findByPrefix(prefix) {
      const { rows } = await deps.pool.query<ApiKeyRow>(
        'select key_id, name, prefix, key_hash, roles, expires_at, revoked_at, rate_limits from api_keys where prefix = $1', [prefix],
      );
      const r = rows[0];
      if (!r) return null;
      return {
        keyId: r.key_id, name: r.name, prefix: r.prefix, hash: r.key_hash, roles: r.roles.filter(isRole),
        expiresAt: r.expires_at, revokedAt: r.revoked_at, rateLimits: r.rate_limits,
      };
    },
    async touch(keyId, at) {
      await deps.pool.query(
        `insert into api_key_usage (key_id, last_used_at) values ($1, $2)
         on conflict (key_id) do update set last_used_at = excluded.last_used_at
         where api_key_usage.last_used_at < excluded.last_used_at - interval '1 minute'`,
        [keyId, at],
      );
    },
  };
}
