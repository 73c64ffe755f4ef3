export { roles, isRole, roleRank, hasRole, highestRole } from './roles';
export { permissionTable, createPermissionLookup } from './permissions';
export { apiKeyScheme, apiKeyPrefixLength, generateApiKey, hashApiKey, apiKeyPrefix, apiKeyMatches, secretsEqual } from './apiKeys';
export { createApiKeyStore } from './apiKeyStore';
export { createOidcVerifier, rolesFromClaim } from './oidcVerifier';
export { createAuthenticator, bootstrapPrincipal, defaultApiKeyCacheTtlMs } from './authenticator';
export { authMiddleware, principalOf } from './authMiddleware';
export { authConfigShape, parseRoleMap } from './authConfig';
export { createApiAuthentication } from './createApiAuthentication';
export { createUserRoles } from './userRoles';

export type { Role, Principal, RateLimits } from './roles';
export type { Permission, ApiName, PermissionRow } from './permissions';
export type { GeneratedApiKey } from './apiKeys';
export type { ApiKeyStore, StoredApiKey } from './apiKeyStore';
export type { OidcVerifier, OidcVerifierOptions } from './oidcVerifier';
export type { Authenticator, AuthenticatorOptions } from './authenticator';
export type { AuthMiddlewareOptions } from './authMiddleware';
export type { AuthConfig } from './createApiAuthentication';
