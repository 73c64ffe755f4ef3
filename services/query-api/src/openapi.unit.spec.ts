import { createRouter } from './app';
import { openApiDocument, middlewarePaths } from './openapi';
import { deadLetterRoutes } from './deadLetters';
import { scheduleRoutes } from './schedules';
import { replayRoutes } from './replays/routes';
import { identityRoutes } from './identity/routes';
import { jobTypeRoutes } from './jobTypes/routes';
import { queueRoutes } from './queues';
import { webhookRoutes } from './webhooks';

describe('openapi.json', () => {
  it('documents exactly the routes, with their methods', () => {
    const router = createRouter({
      config: { CORS_ORIGINS: '*', SSE_HEARTBEAT_MS: 15_000, HSTS: undefined, NODE_ENV: 'test' },
      jobs: { list: jest.fn(), get: jest.fn() },
      stats: { buckets: jest.fn() },
      loadtests: { list: jest.fn(), get: jest.fn() },
      feed: { subscribe: jest.fn() },
      features: [scheduleRoutes({ schedules: { list: jest.fn(), get: jest.fn() } }), replayRoutes({ replays: { list: jest.fn(), get: jest.fn(), snapshots: jest.fn() } }), deadLetterRoutes({ deadLetters: { list: jest.fn(), get: jest.fn() } }),
        identityRoutes({ queries: { apiKeys: jest.fn(), users: jest.fn(), audit: jest.fn() } }), jobTypeRoutes({ jobTypes: { list: jest.fn() } }), queueRoutes({ queues: { list: jest.fn() } }),
        webhookRoutes({ webhooks: { list: jest.fn(), get: jest.fn(), deliveries: jest.fn() } })],
    });
    const routes = router.stack
      .flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${String(layer.path).replace(/:(\w+)/g, '{$1}')}`))
      .concat(middlewarePaths.map((p) => `GET ${p}`))
      .sort();
    const documented = Object.entries(openApiDocument().paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(routes);
  });

  it('is OpenAPI 3.1 and every $ref resolves', () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe('3.1.0');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas).toHaveProperty(name as string);
  });

  it('declares every path parameter of every operation, and only those', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> };
    for (const [path, operations] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, operation] of Object.entries(operations)) {
        const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort();
        expect({ operation: `${method} ${path}`, parameters: declared }).toEqual({ operation: `${method} ${path}`, parameters: inPath });
      }
    }
  });
});
