import type { Client } from 'openapi-fetch';
import { body, commandApi, queryApi } from './client';
import type { Page } from './types';
import type { Role } from '@/utils/roles';

/**
 * The identity endpoints of issue 11: the caller, API keys, users and their roles, the audit trail.
 * TODO(identity): these shapes follow the issue's contract until the services' OpenAPI documents carry the
 * operations; then they come from web/src/api/generated (`npm run gen:api`) and the interim paths go.
 */
export interface Principal {
  /** OIDC `sub`, or `key:<keyId>` for an API key. */
  id: string;
  kind: 'user' | 'apiKey';
  name: string;
  roles: Role[];
}

export interface ApiKey {
  id: string;
  prefix: string;
  name: string;
  roles: Role[];
  createdAt: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

/** A created or rotated key: the secret `key` is in this answer only. */
export type IssuedApiKey = ApiKey & { key: string };

export interface ApiKeyRequest {
  name: string;
  roles: Role[];
  expiresAt?: string;
}

export interface User {
  subject: string;
  name?: string | null;
  roles: Role[];
  lastSeenAt?: string | null;
}

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  target?: string | null;
  [key: string]: unknown;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  since?: string;
}

type Json<T> = { content: { 'application/json': T } };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Responses<Res> = { 200: Json<Res>; 201: Json<Res>; 204: { content?: never } };
interface Op<Res, Params = NoParams> { parameters: Params; requestBody?: never; responses: Responses<Res> }
interface BodyOp<Res, Req, Params = NoParams> { parameters: Params; requestBody: Json<Req>; responses: Responses<Res> }
interface IdentityQueryPaths {
  '/v1/me': { get: Op<Principal> };
  '/v1/admin/api-keys': { get: Op<Page<ApiKey> | { items: ApiKey[] }> };
  '/v1/admin/users': { get: Op<Page<User> | { items: User[] }> };
  '/v1/audit': { get: Op<Page<AuditEntry>, { query?: AuditFilter & { cursor?: string; limit?: number } }> };
}
interface IdentityCommandPaths {
  '/v1/admin/api-keys': { post: BodyOp<IssuedApiKey, ApiKeyRequest> };
  '/v1/admin/api-keys/{id}/rotate': { post: Op<IssuedApiKey, { path: { id: string } }> };
  '/v1/admin/api-keys/{id}': { delete: Op<undefined, { path: { id: string } }> };
  '/v1/admin/users/{subject}/roles': { put: BodyOp<User | undefined, { roles: Role[] }, { path: { subject: string } }> };
}
const query = () => queryApi() as unknown as Client<IdentityQueryPaths>;
const command = () => commandApi() as unknown as Client<IdentityCommandPaths>;
const asPage = <T>(p: Page<T> | { items: T[] }): Page<T> => ({ items: p.items, nextCursor: 'nextCursor' in p ? p.nextCursor : null });

/** Who the credential belongs to (`GET /v1/me`). */
export const getMe = (): Promise<Principal> => body(query().GET('/v1/me'));

export const listApiKeys = async (): Promise<Page<ApiKey>> => asPage(await body(query().GET('/v1/admin/api-keys')));
export const createApiKey = (request: ApiKeyRequest): Promise<IssuedApiKey> => body(command().POST('/v1/admin/api-keys', { body: request }));
export const rotateApiKey = (id: string): Promise<IssuedApiKey> => body(command().POST('/v1/admin/api-keys/{id}/rotate', { params: { path: { id } } }));
export const revokeApiKey = async (id: string): Promise<void> => {
  await body(command().DELETE('/v1/admin/api-keys/{id}', { params: { path: { id } } }));
};

export const listUsers = async (): Promise<Page<User>> => asPage(await body(query().GET('/v1/admin/users')));
export const setUserRoles = async (subject: string, roles: Role[]): Promise<void> => {
  await body(command().PUT('/v1/admin/users/{subject}/roles', { params: { path: { subject } }, body: { roles } }));
};

/** A page of the audit trail, newest first. */
export const listAudit = (filter: AuditFilter, cursor?: string, limit = 50): Promise<Page<AuditEntry>> =>
  body(query().GET('/v1/audit', { params: { query: { ...filter, cursor, limit } } }));
