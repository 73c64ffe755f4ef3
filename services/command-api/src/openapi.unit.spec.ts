import { createJobTypeRegistry } from '@conveyor/job-types';
import { createRouter } from './app';
import { openApiDocument, middlewarePaths } from './openapi';
import { deadLetterRoutes } from './deadLetters';
import { scheduleRoutes } from './schedules';
import { adminReplayRoutes } from './admin';
import { identityRoutes } from './identity';
import { webhookRoutes } from './webhooks';
import { queueRoutes } from './queues';

const toOpenApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

describe('the OpenAPI document', () => {
  const router = createRouter({
    config: { MAX_BODY_BYTES: 1024, MAX_BATCH_BODY_BYTES: 2048, CORS_ORIGINS: '*', HSTS: undefined, NODE_ENV: 'test' },
    jobTypes: createJobTypeRegistry(),
    jobs: { submit: jest.fn(), submitBatch: jest.fn(), cancel: jest.fn() },
    features: [scheduleRoutes({ service: { create: jest.fn(), update: jest.fn(), delete: jest.fn(), pause: jest.fn(), resume: jest.fn() }, bodyLimit: 1024 }), deadLetterRoutes({ service: { requeue: jest.fn(), requeueByFilter: jest.fn(), discard: jest.fn() }, bodyLimit: 1024 }), adminReplayRoutes({ service: { request: jest.fn() } }),
      identityRoutes({ service: { create: jest.fn(), rotate: jest.fn(), revoke: jest.fn(), assignRoles: jest.fn() }, bodyLimit: 1024 }),
      webhookRoutes({ service: { create: jest.fn(), delete: jest.fn(), test: jest.fn() }, bodyLimit: 1024 }),
      queueRoutes({ service: { pause: jest.fn(), resume: jest.fn() }, bodyLimit: 1024 })],
  });
  const routed = router.stack.flatMap((layer) =>
    layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m.toLowerCase()} ${toOpenApiPath(String(layer.path))}`));
  const served = [...routed, ...middlewarePaths.map((p) => `get ${p}`)].sort();
  const doc = openApiDocument();
  const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`)).sort();

  it('documents every route, and only routes that exist', () => {
    expect(routed.length).toBeGreaterThanOrEqual(5);
    expect(documented).toEqual(served);
  });

  it('is OpenAPI 3.1 with problem+json error responses and resolvable references', () => {
    expect(doc.openapi).toBe('3.1.0');
    const text = JSON.stringify(doc);
    for (const [, name] of text.matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(Object.keys(doc.components.schemas)).toContain(name);
    }
    const submit = doc.paths['/v1/jobs'].post;
    expect(Object.keys(submit.responses).sort()).toEqual(['202', '400', '401', '403', '409', '413', '415', '422', '429', '503']);
    expect(submit.responses[422].content).toHaveProperty(['application/problem+json']);
    expect(doc.components.schemas.JobSubmission).toMatchObject({ required: ['type', 'payload'], additionalProperties: false });
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
