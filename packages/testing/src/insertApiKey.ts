import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { generateApiKey, type RateLimits, type Role } from '@conveyor/auth';

/**
 * Stores a fresh API key in `api_keys` (public; tests that need principals of their own, e.g. a bucket of
 * their own): returns the key to send as `Authorization: Bearer` and the principal id it authenticates as.
 */
export async function insertApiKey(pool: Pick<Pool, 'query'>, options: { roles: Role[]; rateLimits?: RateLimits; adminTopic?: string }): Promise<{ key: string; principalId: string }> {
  const keyId = randomUUID();
  const { key, prefix, hash } = generateApiKey();
  await pool.query(
    `insert into api_keys (key_id, admin_topic, name, prefix, key_hash, roles, rate_limits, created_at, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, now(), 'test')`,
    [keyId, options.adminTopic ?? 'test', `test-${keyId.slice(0, 8)}`, prefix, hash, options.roles, options.rateLimits ? JSON.stringify(options.rateLimits) : null]);
  return { key, principalId: `key:${keyId}` };
}
