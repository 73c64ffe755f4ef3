import type { Role } from './roles';

/** What a route needs: a minimum role, or nothing (`public`). */
export type Permission = Role | 'public';

/** The two HTTP APIs of Conveyor. */
export type ApiName = 'command' | 'query';

/** One row of the permission table: an operation of an API (its OpenAPI path) and what it needs. */
export interface PermissionRow {
  api: ApiName;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as the OpenAPI document writes it, `{name}` for a parameter. */
  path: string;
  permission: Permission;
  /** A rule the route checks beyond the role, for the docs. */
  note?: string;
}

const row = (api: ApiName, method: PermissionRow['method'], path: string, permission: Permission, note?: string): PermissionRow =>
  ({ api, method, path, permission, ...(note ? { note } : {}) });

/**
 * THE permission table (public): every operation of both APIs and the minimum role it needs. The
 * authorization middleware reads it, a unit test walks both OpenAPI documents against it (no operation
 * unclassified, no row without an operation), and `docs/permissions.md` is generated from it.
 */
export const permissionTable: readonly PermissionRow[] = [
  // Operational: load balancers and the API tooling reach them without credentials.
  row('command', 'GET', '/healthz', 'public'),
  row('command', 'GET', '/readyz', 'public'),
  row('command', 'GET', '/openapi.json', 'public'),
  row('query', 'GET', '/healthz', 'public'),
  row('query', 'GET', '/readyz', 'public'),
  row('query', 'GET', '/openapi.json', 'public'),
  // Jobs.
  row('command', 'POST', '/v1/jobs', 'submitter'),
  row('command', 'POST', '/v1/jobs/batch', 'submitter'),
  row('command', 'POST', '/v1/jobs/{id}/cancel', 'submitter', 'a submitter cancels only jobs it submitted; operator cancels any'),
  row('command', 'GET', '/v1/job-types', 'viewer'),
  row('query', 'GET', '/v1/jobs', 'viewer'),
  row('query', 'GET', '/v1/jobs/{id}', 'viewer'),
  row('query', 'GET', '/v1/stats', 'viewer'),
  row('query', 'GET', '/v1/stream', 'viewer', 'also takes ?access_token='),
  row('query', 'GET', '/v1/loadtests', 'viewer'),
  row('query', 'GET', '/v1/loadtests/{id}', 'viewer'),
  // Schedules.
  row('command', 'POST', '/v1/schedules', 'operator'),
  row('command', 'PUT', '/v1/schedules/{id}', 'operator'),
  row('command', 'DELETE', '/v1/schedules/{id}', 'operator'),
  row('command', 'POST', '/v1/schedules/{id}/pause', 'operator'),
  row('command', 'POST', '/v1/schedules/{id}/resume', 'operator'),
  row('query', 'GET', '/v1/job-types', 'viewer'),
  row('query', 'GET', '/v1/queues', 'viewer'),
  row('query', 'GET', '/v1/schedules', 'viewer'),
  row('query', 'GET', '/v1/schedules/{id}', 'viewer'),
  // Dead letters.
  row('command', 'POST', '/v1/dead-letters/{id}/requeue', 'operator'),
  row('command', 'POST', '/v1/dead-letters/requeue', 'operator'),
  row('command', 'POST', '/v1/dead-letters/{id}/discard', 'operator'),
  row('query', 'GET', '/v1/dead-letters', 'viewer'),
  row('query', 'GET', '/v1/dead-letters/{id}', 'viewer'),
  // Queues: their workers stop or resume fetching.
  row('command', 'POST', '/v1/queues/{queue}/pause', 'operator'),
  row('command', 'POST', '/v1/queues/{queue}/resume', 'operator'),
  // Replays.
  row('command', 'POST', '/v1/admin/replays', 'admin'),
  row('query', 'GET', '/v1/replays', 'viewer'),
  row('query', 'GET', '/v1/replays/snapshots', 'viewer'),
  row('query', 'GET', '/v1/replays/{id}', 'viewer'),
  // Webhooks: operators manage subscriptions (their secret is shown once, at creation), viewers read them.
  row('command', 'POST', '/v1/webhooks', 'operator'),
  row('command', 'DELETE', '/v1/webhooks/{id}', 'operator'),
  row('command', 'POST', '/v1/webhooks/{id}/test', 'operator'),
  row('query', 'GET', '/v1/webhooks', 'viewer'),
  row('query', 'GET', '/v1/webhooks/{id}', 'viewer'),
  row('query', 'GET', '/v1/webhooks/{id}/deliveries', 'viewer'),
  // Identity: API keys, users, the caller, the audit trail.
  row('command', 'POST', '/v1/admin/api-keys', 'admin'),
  row('command', 'POST', '/v1/admin/api-keys/{id}/rotate', 'admin'),
  row('command', 'DELETE', '/v1/admin/api-keys/{id}', 'admin'),
  row('command', 'PUT', '/v1/admin/users/{subject}/roles', 'admin'),
  row('query', 'GET', '/v1/me', 'viewer'),
  row('query', 'GET', '/v1/admin/api-keys', 'admin'),
  row('query', 'GET', '/v1/admin/users', 'admin'),
  row('query', 'GET', '/v1/audit', 'operator'),
];

/** A table row compiled to a matcher over request paths. */
interface CompiledRow {
  row: PermissionRow;
  pattern: RegExp;
  /** Parameters in the path: literal paths win over parameterised ones (`/v1/replays/snapshots` over `{id}`). */
  params: number;
}

/**
 * The permission of a request (pure, public): the row of `api` whose method and path match, literal
 * segments first; HEAD is looked up as GET. Null when no row matches (the router answers 404 after
 * authentication).
 */
export function createPermissionLookup(api: ApiName, table: readonly PermissionRow[] = permissionTable) {
  const compiled: CompiledRow[] = table
    .filter((r) => r.api === api)
    .map((r) => ({
      row: r,
      params: (r.path.match(/\{/g) ?? []).length,
      pattern: new RegExp(`^${r.path.split('/').map((s) => (/^\{.+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/')}/?$`),
    }))
    .sort((a, b) => a.params - b.params);
  return (method: string, path: string): PermissionRow | null => {
    const m = method === 'HEAD' ? 'GET' : method;
    return compiled.find((c) => c.row.method === m && c.pattern.test(path))?.row ?? null;
  };
}
