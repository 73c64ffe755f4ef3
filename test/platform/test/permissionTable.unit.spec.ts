import { permissionTable, type ApiName } from '@conveyor/auth';
import { openApiDocument as commandDocument } from '@conveyor/command-api/openapi';
import { openApiDocument as queryDocument } from '@conveyor/query-api/openapi';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every `METHOD path` of an API's OpenAPI document. */
function operations(document: { paths: Record<string, Record<string, unknown>> }): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => methods.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)).sort();
}

const rows = (api: ApiName) => permissionTable.filter((r) => r.api === api).map((r) => `${r.method} ${r.path}`).sort();

describe('the permission table against both OpenAPI documents', () => {
  it.each([
    ['command', commandDocument()],
    ['query', queryDocument()],
  ] as const)('classifies every operation of the %s API, and has no row without an operation', (api, document) => {
    expect(rows(api)).toEqual(operations(document));
    expect(new Set(rows(api)).size).toBe(rows(api).length);
  });

  it('declares the bearer scheme, and 401/403 on every operation that is not public', () => {
    for (const [api, document] of [['command', commandDocument()], ['query', queryDocument()]] as const) {
      expect(document.components).toHaveProperty(['securitySchemes', 'bearer', 'scheme'], 'bearer');
      for (const row of permissionTable.filter((r) => r.api === api)) {
        const operation = (document.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>)[row.path]?.[row.method.toLowerCase()];
        if (row.permission === 'public') expect(operation?.security).toEqual([]);
        else expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['401', '403']));
      }
    }
  });
});
