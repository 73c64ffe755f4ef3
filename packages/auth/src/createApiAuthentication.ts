import type { Pool } from '@conveyor/runtime';
import { createApiKeyStore } from './apiKeyStore';
import { createAuthenticator, type Authenticator } from './authenticator';
import { createOidcVerifier } from './oidcVerifier';
import { createUserRoles } from './userRoles';
import type { Role } from './roles';

/** The auth settings as parsed from `authConfigShape`. */
export interface AuthConfig {
  OIDC_ISSUER: string;
  OIDC_AUDIENCE: string;
  OIDC_ROLES_CLAIM: string;
  OIDC_ROLE_MAP: Record<string, Role>;
  OIDC_CLOCK_TOLERANCE_S: number;
  AUTH_BOOTSTRAP_API_KEY: string;
  API_KEY_CACHE_TTL_MS: number;
}

/**
 * The authenticator of an API from its configuration (public): the bootstrap key when set, API keys from
 * `api_keys`, OIDC tokens when `OIDC_ISSUER` is set, with the roles assigned to users added.
 */
export function createApiAuthentication(config: AuthConfig, deps: { pool: Pick<Pool, 'query'>; now?: () => number }): Authenticator {
  return createAuthenticator({
    ...(config.AUTH_BOOTSTRAP_API_KEY ? { bootstrapKey: config.AUTH_BOOTSTRAP_API_KEY } : {}),
    ...(config.OIDC_ISSUER ? {
      oidc: createOidcVerifier({
        issuer: config.OIDC_ISSUER, audience: config.OIDC_AUDIENCE, rolesClaim: config.OIDC_ROLES_CLAIM,
        roleMap: config.OIDC_ROLE_MAP, clockToleranceSeconds: config.OIDC_CLOCK_TOLERANCE_S,
      }),
    } : {}),
    apiKeys: createApiKeyStore({ pool: deps.pool }),
    apiKeyCacheTtlMs: config.API_KEY_CACHE_TTL_MS,
    userRoles: createUserRoles({ pool: deps.pool, ttlMs: config.API_KEY_CACHE_TTL_MS, ...(deps.now ? { now: deps.now } : {}) }),
    ...(deps.now ? { now: deps.now } : {}),
  });
}
