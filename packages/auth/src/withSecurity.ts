import { problem } from '@conveyor/runtime';
import { permissionTable, type ApiName, type PermissionRow } from './permissions';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** The bearer security scheme both APIs declare (public). */
export const bearerScheme = {
  type: 'http', scheme: 'bearer',
  description: 'A Conveyor API key (`cvk_…`) or an OIDC JWT access token of the configured issuer and audience. '
    + 'GET /v1/stream also takes it as `?access_token=`. The role each operation needs is in `x-conveyor-permission`.',
};

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, unknown> } & Record<string, unknown>>>; components: Record<string, unknown> };

/**
 * Adds authentication to an API's OpenAPI document from the permission table (pure, public): the bearer
 * scheme, required by default; `security: []` on public operations; on the others the role they need
 * (`x-conveyor-permission`) and the 401 and 403 answers.
 */
export function withSecurity<D extends Doc>(document: D, api: ApiName, table: readonly PermissionRow[] = permissionTable): D {
  const paths: Doc['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const out: Doc['paths'][string] = { ...item };
    for (const method of methods) {
      const operation = item[method];
      if (!operation) continue;
      const row = table.find((r) => r.api === api && r.path === path && r.method === method.toUpperCase());
      if (row?.permission === 'public') {
        out[method] = { ...operation, security: [] };
        continue;
      }
      out[method] = {
        ...operation,
        ...(row ? { 'x-conveyor-permission': row.permission } : {}),
        responses: {
          ...operation.responses,
          401: problem('No credentials, or credentials not valid (expired, forged, revoked); with WWW-Authenticate: Bearer.'),
          403: problem(`The credentials do not hold the role ${row?.permission ?? 'this operation needs'}${row?.note ? ` (${row.note})` : ''}.`),
        },
      };
    }
    paths[path] = out;
  }
  return {
    ...document,
    security: [{ bearer: [] }],
    paths,
    components: { ...document.components, securitySchemes: { bearer: bearerScheme } },
  };
}
