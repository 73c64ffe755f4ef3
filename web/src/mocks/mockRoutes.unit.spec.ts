/**
 * The mocks cannot drift from the services: every response of every mock route, and every change
 * the mocked stream sends, is validated with ajv against the services' own OpenAPI documents.
 */
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument as commandApiDocument } from '../../../services/command-api/src/openapi';
import { openApiDocument as queryApiDocument } from '../../../services/query-api/src/openapi';
import { createMockStore, type JsonObject } from './createMockStore';
import { advanceOne, createMockRoutes, type MockRequest, type MockRoute } from './mockRoutes';

interface Operation { responses: Record<string, { content?: Record<string, { schema?: object; itemSchema?: object }> }> }
interface Document { paths: Record<string, Record<string, Operation>>; components: object }

const documents = { command: commandApiDocument() as unknown as Document, query: queryApiDocument() as unknown as Document };
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
let compiled = 0;

/**
 * Operations whose documented response no real answer can satisfy. `Schedule` is
 * `allOf: [ScheduleDefinition, {scheduleId, paused, nextFireTimes}]`, and ScheduleDefinition (from the
 * strict zod parser) says `additionalProperties: false`, so the fields of the second member are refused.
 * TODO(command-api owners): document Schedule without the closed definition; then delete these rows,
 * which this test asks for by failing once the document is fixed.
 */
const KNOWN_DOCUMENT_DEFECTS = new Set(['POST /v1/schedules', 'PUT /v1/schedules/{id}']);

/** A validator of `schema`, its `#/components/...` references resolved in `document`. */
function validatorOf(document: Document, schema: object) {
  compiled += 1;
  return ajv.compile({ $id: `mock-check-${compiled}`, components: document.components, ...schema });
}

function errorsOf(validate: ReturnType<typeof ajv.compile>): string {
  return ajv.errorsText(validate.errors, { separator: '\n' });
}

/** The subscription the mocks start with. */
const webhookId = '3c5e8a1f-9b2d-4f6a-8c7e-1d2f3a4b5c6d';

/** Requests that exercise each route on the recorded data. */
function sampleRequest(route: MockRoute, store: ReturnType<typeof createMockStore>): MockRequest {
  const ids: Record<string, string> = {
    '/v1/jobs/{id}': String(store.jobs[0]?.jobId), '/v1/jobs/{id}/cancel': String(store.jobs[1]?.jobId),
    '/v1/loadtests/{id}': String(store.loadtests[0]?.id), '/v1/schedules/{id}': String(store.schedules[0]?.scheduleId),
    '/v1/schedules/{id}/pause': String(store.schedules[1]?.scheduleId), '/v1/schedules/{id}/resume': String(store.schedules[1]?.scheduleId),
    '/v1/replays/{id}': String(store.replays[0]?.replayId), '/v1/dead-letters/{id}': String(store.deadLetters[0]?.id),
    '/v1/dead-letters/{id}/requeue': String(store.deadLetters[1]?.id), '/v1/dead-letters/{id}/discard': String(store.deadLetters[2]?.id),
    '/v1/webhooks/{id}': webhookId, '/v1/webhooks/{id}/deliveries': webhookId, '/v1/webhooks/{id}/test': webhookId,
  };
  const schedule = { name: 'mock nightly', cron: '0 3 * * *', timeZone: 'UTC', catchUp: 'skip', maxCatchUp: 10, jobTemplate: { type: 'noop', payload: {} } };
  const bodies: Record<string, unknown> = {
    'POST /v1/jobs': { type: 'noop', payload: {} }, 'POST /v1/jobs/batch': { jobs: [{ type: 'noop', payload: {} }, { type: 'sleep', payload: { ms: 10 } }] },
    'POST /v1/schedules': schedule, 'PUT /v1/schedules/{id}': schedule, 'POST /v1/admin/replays': { kind: 'rebuild' },
    'POST /v1/webhooks': { url: 'https://hooks.example.com/in', eventTypes: ['job.failed'] },
  };
  return { params: { id: ids[route.path] ?? '' }, query: new URLSearchParams(), body: bodies[`${route.method} ${route.path}`] ?? {} };
}

describe('the mocked API (web/src/mocks) against the services\' OpenAPI documents', () => {
  const store = createMockStore(Date.parse('2026-12-03T12:00:00Z'));
  // DELETE last: the others read the schedule it removes.
  const routes = createMockRoutes(store).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));

  it('mocks every /v1 operation of both documents (the stream apart)', () => {
    const documented = Object.entries(documents).flatMap(([api, document]) => Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/') && path !== '/v1/stream')
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${api} ${method.toUpperCase()} ${path}`)));
    expect(routes.map((r) => `${r.api} ${r.method} ${r.path}`).sort()).toEqual(documented.sort());
  });

  it.each(routes.map((route) => [`${route.method} ${route.path} (${route.api})`, route] as const))('%s answers what the document promises', (_name, route) => {
    const answer = route.respond(sampleRequest(route, store));
    const response = documents[route.api].paths[route.path]?.[route.method.toLowerCase()]?.responses[String(answer.status)];
    expect(response).toBeDefined();
    const schema = response?.content?.['application/json']?.schema;
    if (!schema) {
      expect(answer.body).toBeUndefined();
      return;
    }
    const validate = validatorOf(documents[route.api], schema);
    const errors = validate(answer.body) ? '' : errorsOf(validate);
    if (KNOWN_DOCUMENT_DEFECTS.has(`${route.method} ${route.path}`)) expect(errors).toMatch(/must NOT have additional properties/);
    else expect(errors).toBe('');
  });

  it('lists a queue paused over the mocked command API as paused, in the shape the document promises', () => {
    const own = createMockRoutes(createMockStore(Date.parse('2026-12-03T12:00:00Z')));
    const call = (method: MockRoute['method'], path: string) => (own.find((r) => r.method === method && r.path === path) as MockRoute)
      .respond({ params: { queue: 'default' }, query: new URLSearchParams(), body: {} });
    const queueOf = () => ((call('GET', '/v1/queues').body as { items: JsonObject[] }).items).find((q) => q.queue === 'default');
    expect(queueOf()).toMatchObject({ paused: false, changedAt: null });
    call('POST', '/v1/queues/{queue}/pause');
    expect(queueOf()).toMatchObject({ paused: true, changedBy: 'dashboard' });
    const validate = validatorOf(documents.query, documents.query.paths['/v1/queues']?.get?.responses['200']?.content?.['application/json']?.schema ?? {});
    expect(validate(call('GET', '/v1/queues').body) ? '' : errorsOf(validate)).toBe('');
    call('POST', '/v1/queues/{queue}/resume');
    expect(queueOf()).toMatchObject({ paused: false });
  });

  it('answers an unknown id with a documented 404 problem', () => {
    const route = routes.find((r) => r.path === '/v1/jobs/{id}') as MockRoute;
    const answer = route.respond({ params: { id: '00000000-0000-4000-8000-000000000000' }, query: new URLSearchParams(), body: {} });
    const validate = validatorOf(documents.query, documents.query.paths['/v1/jobs/{id}']?.get?.responses['404']?.content?.['application/problem+json']?.schema ?? {});
    expect(answer.status).toBe(404);
    expect(validate(answer.body) ? '' : errorsOf(validate)).toBe('');
  });

  it('streams job changes the stream\'s item schema accepts', () => {
    // The document describes each `data` line's JSON as the stream schema's contentSchema.
    const itemSchema = documents.query.paths['/v1/stream']?.get?.responses['200']?.content?.['text/event-stream']?.schema?.contentSchema;
    expect(itemSchema).toBeDefined();
    const validate = validatorOf(documents.query, itemSchema as object);
    const changes: JsonObject[] = Array.from({ length: 16 }, (_, i) => advanceOne(store, new Date(Date.parse('2026-12-03T12:00:00Z') + i * 1000)));
    for (const change of changes) expect(validate(change) ? '' : errorsOf(validate)).toBe('');
    expect(new Set(changes.map((c) => c.status))).toEqual(new Set(['queued', 'running', 'succeeded']));
    // A running job reports progress (issue 12) before it succeeds.
    expect(changes.map((c) => c.eventType)).toContain('JobProgressed');
  });
});
