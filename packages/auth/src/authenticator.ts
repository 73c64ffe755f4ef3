import { UnauthenticatedError } from '@conveyor/errors';
import { apiKeyMatches, apiKeyPrefix, secretsEqual } from './apiKeys';
import type { ApiKeyStore, StoredApiKey } from './apiKeyStore';
import type { OidcVerifier } from './oidcVerifier';
import type { Principal } from './roles';

/** The name and id of the bootstrap key's principal (public). */
export const bootstrapPrincipal: Principal = { id: 'key:bootstrap', kind: 'apiKey', name: 'bootstrap', roles: ['admin'] };

/** How long a looked-up key (or its absence) is trusted, in milliseconds: revocation and rotation take effect within it (public). */
export const defaultApiKeyCacheTtlMs = 2_000;

/** How often a key's last-used time is written at most, in milliseconds. */
const touchEveryMs = 60_000;

export interface AuthenticatorOptions {
  /** `AUTH_BOOTSTRAP_API_KEY`: accepted as an admin key named `bootstrap` (at least 32 characters). */
  bootstrapKey?: string;
  /** OIDC access tokens; without it only API keys are accepted. */
  oidc?: Pick<OidcVerifier, 'verify'>;
  apiKeys?: ApiKeyStore;
  /** See {@link defaultApiKeyCacheTtlMs}; at most 5000. */
  apiKeyCacheTtlMs?: number;
  /** Adds the roles assigned to a user (PUT /v1/admin/users/{subject}/roles) to those of its token. */
  userRoles?: (principal: Principal) => Promise<Principal>;
  /** The clock, in milliseconds since the epoch. */
  now?: () => number;
}

/**
 * Turns a bearer token into a principal (public): the bootstrap key, a Conveyor API key (looked up by
 * prefix, hash compared in constant time, expiry and revocation checked; lookups cached for at most
 * `apiKeyCacheTtlMs`), else an OIDC JWT. Throws UnauthenticatedError for anything else.
 */
export function createAuthenticator(options: AuthenticatorOptions) {
  const now = options.now ?? Date.now;
  const ttl = Math.min(options.apiKeyCacheTtlMs ?? defaultApiKeyCacheTtlMs, 5_000);
  const cache = new Map<string, { at: number; key: Promise<StoredApiKey | null> }>();
  const touched = new Map<string, number>();
  if (options.bootstrapKey !== undefined && options.bootstrapKey.length < 32) throw new Error('AUTH_BOOTSTRAP_API_KEY must be at least 32 characters');

  const lookup = (prefix: string, store: ApiKeyStore) => {
    const hit = cache.get(prefix);
    if (hit && now() - hit.at < ttl) return hit.key;
    const key = store.findByPrefix(prefix);
    cache.set(prefix, { at: now(), key });
    key.catch(() => cache.delete(prefix));
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
    return key;
  };

  const fromApiKey = async (token: string, prefix: string, store: ApiKeyStore): Promise<Principal> => {
    const stored = await lookup(prefix, store);
    if (!stored || !apiKeyMatches(token, stored.hash)) throw new UnauthenticatedError('the API key is not valid');
    if (stored.revokedAt) throw new UnauthenticatedError('the API key was revoked');
    if (stored.expiresAt && stored.expiresAt.getTime() <= now()) throw new UnauthenticatedError('the API key has expired');
    const last = touched.get(stored.keyId) ?? 0;
    if (now() - last >= touchEveryMs) {
      touched.set(stored.keyId, now());
      // Last-used time is informative: a failed write must not refuse the request.
      store.touch(stored.keyId, new Date(now())).catch(() => touched.delete(stored.keyId));
    }
    return {
      id: `key:${stored.keyId}`, kind: 'apiKey', name: stored.name, roles: stored.roles,
      ...(stored.rateLimits ? { rateLimits: stored.rateLimits } : {}),
    };
  };

  return {
    async authenticate(token: string): Promise<Principal> {
      if (options.bootstrapKey && secretsEqual(token, options.bootstrapKey)) return bootstrapPrincipal;
      const prefix = apiKeyPrefix(token);
      if (prefix && options.apiKeys) return fromApiKey(token, prefix, options.apiKeys);
      if (options.oidc && token.split('.').length === 3) {
        const user = await options.oidc.verify(token);
        return options.userRoles ? options.userRoles(user) : user;
      }
      throw new UnauthenticatedError('the bearer token is neither a valid API key nor an accepted access token');
    },
  };
}

export type Authenticator = ReturnType<typeof createAuthenticator>;
