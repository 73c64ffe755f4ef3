import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every Conveyor API key starts with this (public). */
export const apiKeyScheme = 'cvk_';

/** Characters of a key's prefix, the part that identifies it in lists and lookups (public). */
export const apiKeyPrefixLength = 8;

/** Random bytes behind a key's secret part. */
const secretBytes = 32;

/** A freshly generated key: shown once, then only its prefix and SHA-256 hash are kept. */
export interface GeneratedApiKey {
  /** `cvk_<prefix>_<secret>`, the bearer token. */
  key: string;
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  hash: string;
}

/** SHA-256 of a key, hex (pure, public). */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Generates an API key (public): `cvk_`, an 8-character prefix and 32 random bytes (base64url), with the
 * prefix and the hash to store.
 */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('base64url');
  const key = `${apiKeyScheme}${prefix}_${randomBytes(secretBytes).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a token shaped like a Conveyor API key, or null (pure, public). */
export function apiKeyPrefix(token: string): string | null {
  if (!token.startsWith(apiKeyScheme)) return null;
  const prefix = token.slice(apiKeyScheme.length, apiKeyScheme.length + apiKeyPrefixLength);
  const rest = token.slice(apiKeyScheme.length + apiKeyPrefixLength);
  if (prefix.length !== apiKeyPrefixLength || !/^[A-Za-z0-9_-]+$/.test(prefix) || !/^_[A-Za-z0-9_-]{40,}$/.test(rest)) return null;
  return prefix;
}

/** Compares a presented key with a stored hash in constant time (pure, public). */
export function apiKeyMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKey(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Compares two secrets of any length in constant time (their SHA-256 digests) (pure, public). */
export function secretsEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
