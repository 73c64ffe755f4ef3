import { body, commandApi, queryApi } from './client';
import type { CommandSchemas, Page, QuerySchemas } from './types';
import type { Role } from '@/utils/roles';

/**
 * The identity endpoints (issue 11): the caller, API keys, users and their roles, the audit trail. Every
 * shape comes from the services' OpenAPI documents (web/src/api/generated, `npm run gen:api`).
 */

/** The caller (`GET /v1/me`): an OIDC subject, or `key:<keyId>` for an API key, with the roles the APIs apply. */
export type Principal = QuerySchemas['Principal'];
/** An API key as listed: its prefix, never the key. */
export type ApiKey = QuerySchemas['ApiKey'];
/** A created or rotated key: the secret `key` is in this answer only. */
export type IssuedApiKey = CommandSchemas['ApiKeyCreated'];
export type ApiKeyRequest = CommandSchemas['ApiKeyRequest'];
/** A user seen by the APIs: the roles of its tokens, and those an admin assigned (added to them). */
export type User = QuerySchemas['User'];
export type AuditEntry = QuerySchemas['AuditPage']['items'][number];
export interface AuditFilter {
  actor?: string;
  action?: string;
  since?: string;
}

/** The roles a user acts with: its tokens' and the assigned ones together, as the APIs apply them. */
export const effectiveRoles = (user: User): Role[] => [...new Set([...user.tokenRoles, ...user.assignedRoles])];

/** Who the credential belongs to (`GET /v1/me`). */
export const getMe = (): Promise<Principal> => body(queryApi().GET('/v1/me'));

/** Every API key, newest first (the API answers them in one list). */
export const listApiKeys = async (): Promise<Page<ApiKey>> => ({ items: (await body(queryApi().GET('/v1/admin/api-keys'))).items, nextCursor: null });
export const createApiKey = (request: ApiKeyRequest): Promise<IssuedApiKey> => body(commandApi().POST('/v1/admin/api-keys', { body: request }));
export const rotateApiKey = (id: string): Promise<IssuedApiKey> => body(commandApi().POST('/v1/admin/api-keys/{id}/rotate', { params: { path: { id } } }));
export const revokeApiKey = async (id: string): Promise<void> => {
  await body(commandApi().DELETE('/v1/admin/api-keys/{id}', { params: { path: { id } } }));
};

/** Every user seen, last seen first (one list). */
export const listUsers = async (): Promise<Page<User>> => ({ items: (await body(queryApi().GET('/v1/admin/users'))).items, nextCursor: null });
/** Sets the roles assigned to a user (added to its tokens' roles from its next request). */
export const setUserRoles = async (subject: string, roles: Role[]): Promise<void> => {
  await body(commandApi().PUT('/v1/admin/users/{subject}/roles', { params: { path: { subject } }, body: { roles } }));
};

/** A page of the audit trail, newest first. */
export const listAudit = (filter: AuditFilter, cursor?: string, limit = 50): Promise<Page<AuditEntry>> =>
  body(queryApi().GET('/v1/audit', { params: { query: { ...filter, cursor, limit } } }));
