import type { JsonObject, MockStore } from './createMockStore';
import { createMockQueues } from './mockQueues';

/** A request as a mock route sees it: path parameters, query and parsed JSON body. Internal. */
export interface MockRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

/** An answer: status and JSON body (none for 204). Internal. */
export interface MockResponse {
  status: number;
  body?: unknown;
}

/** One operation of the services' OpenAPI documents, answered from the store. Internal. */
export interface MockRoute {
  api: 'command' | 'query';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The OpenAPI path template, e.g. `/v1/jobs/{id}`. */
  path: string;
  respond: (req: MockRequest) => MockResponse;
}

const terminal = new Set(['succeeded', 'failed', 'cancelled', 'dead']);

function notFound(what: string, id: string): MockResponse {
  return { status: 404, body: { type: 'https://conveyor.dev/problems/not-found', title: 'Not found', status: 404, code: 'NOT_FOUND', detail: `no ${what} ${id}` } };
}

const page = (items: unknown[]): MockResponse => ({ status: 200, body: { items, nextCursor: null } });

/**
 * The audit trail the query API derives from the same data, newest first: the submissions (by the bootstrap
 * key), the schedules' creation, and the dead letters' requeues and discards.
 */
function auditTrail(store: MockStore): Array<{ id: string; at: string; actor: string; actorName: string | null; action: string; target: string }> {
  const byBootstrap = { actor: 'key:bootstrap', actorName: 'bootstrap' };
  return [
    ...store.jobs.map((j) => ({ id: `submit-${String(j.jobId)}`, at: String(j.submittedAt), ...byBootstrap, action: 'job.submit', target: `job:${String(j.jobId)}` })),
    ...store.schedules.map((s) => ({ id: `schedule-${String(s.scheduleId)}`, at: String(s.createdAt), actor: 'ada', actorName: 'Ada Operator', action: 'schedule.create', target: `schedule:${String(s.scheduleId)}` })),
    ...store.deadLetters.filter((d) => d.status !== 'dead').map((d) => ({
      id: `dead-letter-${String(d.id)}`, at: String(d.lastActionAt ?? d.createdAt), ...byBootstrap,
      action: d.status === 'discarded' ? 'dead-letter.discard' : 'dead-letter.requeue', target: d.status === 'discarded' ? `dead-letter:${String(d.id)}` : `job:${String(d.jobId)}`,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
}
const withoutTimeline = ({ timeline: _timeline, ...job }: JsonObject) => job;
const withoutRuns = ({ runs: _runs, ...schedule }: JsonObject) => schedule;
const listOf = (query: URLSearchParams, key: string) => (query.get(key) ?? '').split(',').filter(Boolean);

/** A job as the read model shows it right after `POST /v1/jobs`. */
function newJob(submission: JsonObject, now: Date): JsonObject {
  const jobId = crypto.randomUUID();
  const at = now.toISOString();
  return {
    jobId, type: String(submission.type ?? 'noop'), status: submission.runAt ? 'scheduled' : 'queued', priority: (submission.priority as string) ?? 'normal',
    payload: submission.payload ?? {}, result: null, error: null, attempts: 0, maxAttempts: (submission.maxAttempts as number) ?? 3,
    timeoutMs: (submission.timeoutMs as number) ?? null, runAt: (submission.runAt as string) ?? null, nextRunAt: (submission.runAt as string) ?? null,
    concurrencyKey: (submission.concurrencyKey as string) ?? null, submittedAt: at, startedAt: null, finishedAt: null, updatedAt: at,
    durationMs: null, queueWaitMs: null, progress: null, progressMessage: null, traceId: null, actor: 'api',
    timeline: [{ eventId: crypto.randomUUID(), eventType: 'JobSubmitted', occurredAt: at, attempt: null, data: { actor: 'api' }, partition: 0, offset: '0' }],
  };
}

/**
 * Moves the oldest unfinished job one step (queued → running → halfway, with a log line → all done →
 * succeeded), or submits a new noop job when every job has finished, and returns the change as
 * `GET /v1/stream` sends it (a JobChange). What makes the mocked dashboard live. Internal.
 */
export function advanceOne(store: MockStore, now = new Date()): JsonObject {
  let job = [...store.jobs].reverse().find((j) => !terminal.has(String(j.status)) && j.status !== 'scheduled');
  if (!job) {
    job = newJob({ type: 'noop', payload: { source: 'mock traffic' } }, now);
    store.jobs.unshift(job);
  } else {
    const at = now.toISOString();
    const current = job;
    const timeline = current.timeline as JsonObject[];
    const push = (eventType: string, data: JsonObject) =>
      timeline.push({ eventId: crypto.randomUUID(), eventType, occurredAt: at, attempt: Number(current.attempts), data, partition: 0, offset: String(timeline.length) });
    const progress = typeof job.progress === 'number' ? job.progress : 0;
    if (job.status !== 'running') {
      Object.assign(job, { status: 'running', attempts: Number(job.attempts) + 1, startedAt: at, updatedAt: at });
      push('JobStarted', {});
    } else if (progress < 1) {
      // The handler's reports (issue 12): a log line at halfway, then the progress.
      const fraction = progress + 0.5;
      const message = `${fraction * 2} of 2 steps done`;
      if (fraction < 1) push('JobLogged', { attempt: Number(job.attempts), level: 'info', message: 'first step done', fields: { step: 1, items: 2 } });
      Object.assign(job, { progress: fraction, progressMessage: message, updatedAt: at });
      push('JobProgressed', { attempt: Number(job.attempts), fraction, message });
    } else {
      Object.assign(job, { status: 'succeeded', result: { ok: true }, finishedAt: at, updatedAt: at, durationMs: Math.max(0, now.getTime() - Date.parse(String(job.startedAt))) });
      push('JobSucceeded', {});
    }
  }
  const last = (job.timeline as JsonObject[]).at(-1) as JsonObject;
  return { jobId: job.jobId, type: job.type, status: job.status, eventType: last.eventType, attempts: job.attempts, occurredAt: last.occurredAt };
}

/** Every operation the dashboard calls, in matching order (fixed paths before `{id}`). Internal. */
export function createMockRoutes(store: MockStore): MockRoute[] {
  const job = (id: string) => store.jobs.find((j) => j.jobId === id);
  const deadLetter = (id: string) => store.deadLetters.find((d) => d.id === id);
  const schedule = (id: string) => store.schedules.find((s) => s.scheduleId === id);
  const users = [{ subject: 'ada', name: 'Ada Operator', tokenRoles: ['operator'], assignedRoles: [] as string[], lastSeenAt: new Date().toISOString() }];
  const apiKeys: Array<{ id: string; prefix: string; name: string; roles: string[]; expiresAt: string | null; createdAt: string; createdBy: string; rotatedAt: string | null; revokedAt: string | null; lastUsedAt: string | null }> = [{
    id: '6f1c2e0a-5a4b-4c1e-9d3f-2b7a8c9d0e1f', prefix: 'mockKey1', name: 'ci', roles: ['submitter'], expiresAt: null,
    createdAt: '2026-12-01T09:00:00.000Z', createdBy: 'key:bootstrap', rotatedAt: null, revokedAt: null, lastUsedAt: null,
  }];
  // An unknown id acts on the first key, as the mock's other lists do for the dashboard's sample ids.
  const apiKey = (id: string | undefined) => apiKeys.find((x) => x.id === id) ?? apiKeys[0];
  // Webhooks (issue 12): subscriptions and their deliveries live in this closure only.
  const hookAt = new Date().toISOString();
  const webhooks: JsonObject[] = [{
    id: '3c5e8a1f-9b2d-4f6a-8c7e-1d2f3a4b5c6d', url: 'https://hooks.example.com/conveyor', eventTypes: ['job.succeeded', 'job.dead_lettered'], jobTypes: [],
    description: 'Billing notifications', createdAt: hookAt, createdBy: 'key:bootstrap',
  }];
  const deliveries: Record<string, JsonObject[]> = {
    '3c5e8a1f-9b2d-4f6a-8c7e-1d2f3a4b5c6d': [
      { jobId: '8f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9', eventType: 'job.succeeded', messageId: '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d', status: 'succeeded', attempts: 1, lastResponseStatus: 204, lastError: null, createdAt: hookAt, updatedAt: hookAt },
      { jobId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', eventType: 'job.dead_lettered', messageId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', status: 'retrying', attempts: 2, lastResponseStatus: 503, lastError: 'HTTP 503 from POST https://hooks.example.com/conveyor', createdAt: hookAt, updatedAt: hookAt },
    ],
  };
  const webhook = (id: string | undefined) => webhooks.find((w) => w.id === id);
  const queues = createMockQueues(store);
  const deadLetterAction = (status: string) => ({ params }: MockRequest): MockResponse => {
    const d = deadLetter(params.id ?? '');
    if (!d) return notFound('dead letter', params.id ?? '');
    Object.assign(d, { status, lastActionAt: new Date().toISOString(), lastActionBy: 'dashboard' });
    return { status: 202, body: { status, deadLetterId: d.id, jobId: d.jobId, ...(status === 'requeued' ? { attempt: 1 } : {}) } };
  };
  const pause = (paused: boolean) => ({ params }: MockRequest): MockResponse => {
    const s = schedule(params.id ?? '');
    if (!s) return notFound('schedule', params.id ?? '');
    s.paused = paused;
    return { status: 200, body: { scheduleId: s.scheduleId, paused } };
  };
  const saveSchedule = (s: JsonObject, definition: JsonObject): JsonObject => {
    Object.assign(s, definition, { updatedAt: new Date().toISOString() });
    return { name: s.name, cron: s.cron, timeZone: s.timeZone, jobTemplate: s.jobTemplate, catchUp: s.catchUp, maxCatchUp: s.maxCatchUp, scheduleId: s.scheduleId, paused: s.paused, nextFireTimes: s.nextFireTimes };
  };

  return [
    // Query API
    {
      api: 'query', method: 'GET', path: '/v1/jobs', respond: ({ query }) => {
        const statuses = listOf(query, 'status');
        const types = listOf(query, 'type');
        const limit = Number(query.get('limit') ?? 50);
        return page(store.jobs.filter((j) => (!statuses.length || statuses.includes(String(j.status))) && (!types.length || types.includes(String(j.type))))
          .slice(0, limit).map(withoutTimeline));
      },
    },
    { api: 'query', method: 'GET', path: '/v1/jobs/{id}', respond: ({ params }) => { const j = job(params.id ?? ''); return j ? { status: 200, body: j } : notFound('job', params.id ?? ''); } },
    { api: 'query', method: 'GET', path: '/v1/stats', respond: () => ({ status: 200, body: store.stats }) },
    { api: 'query', method: 'GET', path: '/v1/loadtests', respond: () => page(store.loadtests.map(({ results, ...run }) => ({ ...run, summary: results }))) },
    { api: 'query', method: 'GET', path: '/v1/loadtests/{id}', respond: ({ params }) => { const r = store.loadtests.find((l) => l.id === params.id); return r ? { status: 200, body: r } : notFound('load test', params.id ?? ''); } },
    { api: 'query', method: 'GET', path: '/v1/job-types', respond: () => ({ status: 200, body: store.catalog }) },
    { api: 'query', method: 'GET', path: '/v1/queues', respond: () => ({ status: 200, body: { items: queues.list() } }) },
    { api: 'query', method: 'GET', path: '/v1/schedules', respond: () => page(store.schedules.map(withoutRuns)) },
    { api: 'query', method: 'GET', path: '/v1/schedules/{id}', respond: ({ params }) => { const s = schedule(params.id ?? ''); return s ? { status: 200, body: s } : notFound('schedule', params.id ?? ''); } },
    { api: 'query', method: 'GET', path: '/v1/replays', respond: () => page(store.replays) },
    { api: 'query', method: 'GET', path: '/v1/replays/snapshots', respond: () => ({ status: 200, body: { items: store.snapshots } }) },
    { api: 'query', method: 'GET', path: '/v1/replays/{id}', respond: ({ params }) => { const r = store.replays.find((x) => x.replayId === params.id); return r ? { status: 200, body: r } : notFound('replay', params.id ?? ''); } },
    { api: 'query', method: 'GET', path: '/v1/dead-letters', respond: ({ query }) => page(store.deadLetters.filter((d) => !query.get('status') || d.status === query.get('status'))) },
    { api: 'query', method: 'GET', path: '/v1/dead-letters/{id}', respond: ({ params }) => { const d = deadLetter(params.id ?? ''); return d ? { status: 200, body: d } : notFound('dead letter', params.id ?? ''); } },
    // Command API
    { api: 'command', method: 'GET', path: '/v1/job-types', respond: () => ({ status: 200, body: store.jobTypes }) },
    {
      api: 'command', method: 'POST', path: '/v1/jobs', respond: ({ body }) => {
        const j = newJob(body as JsonObject, new Date());
        store.jobs.unshift(j);
        return { status: 202, body: { jobId: j.jobId, status: 'accepted' } };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/jobs/batch', respond: ({ body }) => {
        const created = ((body as { jobs?: JsonObject[] }).jobs ?? []).map((s) => newJob(s, new Date()));
        store.jobs.unshift(...created);
        return { status: 202, body: { jobIds: created.map((j) => j.jobId), status: 'accepted' } };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/jobs/{id}/cancel', respond: ({ params }) => {
        const j = job(params.id ?? '');
        if (!j) return notFound('job', params.id ?? '');
        Object.assign(j, { status: 'cancelled', finishedAt: new Date().toISOString() });
        return { status: 202, body: { jobId: j.jobId, status: 'cancel-accepted' } };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/schedules', respond: ({ body }) => {
        const at = new Date().toISOString();
        const s: JsonObject = { scheduleId: crypto.randomUUID(), timeZone: 'UTC', catchUp: 'skip', maxCatchUp: 10, paused: false, createdAt: at, lastFiredAt: null, nextFireTimes: [new Date(Date.now() + 3_600_000).toISOString()], runs: [] };
        store.schedules.unshift(s);
        return { status: 201, body: saveSchedule(s, body as JsonObject) };
      },
    },
    { api: 'command', method: 'PUT', path: '/v1/schedules/{id}', respond: ({ params, body }) => { const s = schedule(params.id ?? ''); return s ? { status: 200, body: saveSchedule(s, body as JsonObject) } : notFound('schedule', params.id ?? ''); } },
    {
      api: 'command', method: 'DELETE', path: '/v1/schedules/{id}', respond: ({ params }) => {
        const index = store.schedules.findIndex((s) => s.scheduleId === params.id);
        if (index === -1) return notFound('schedule', params.id ?? '');
        store.schedules.splice(index, 1);
        return { status: 204 };
      },
    },
    { api: 'command', method: 'POST', path: '/v1/schedules/{id}/pause', respond: pause(true) },
    { api: 'command', method: 'POST', path: '/v1/schedules/{id}/resume', respond: pause(false) },
    { api: 'command', method: 'POST', path: '/v1/queues/{queue}/pause', respond: ({ params }) => ({ status: 200, body: queues.set(params.queue ?? 'default', true) }) },
    { api: 'command', method: 'POST', path: '/v1/queues/{queue}/resume', respond: ({ params }) => ({ status: 200, body: queues.set(params.queue ?? 'default', false) }) },
    {
      api: 'command', method: 'POST', path: '/v1/admin/replays', respond: ({ body }) => {
        const at = new Date().toISOString();
        const replayId = crypto.randomUUID();
        const request = body as JsonObject;
        store.replays.unshift({
          replayId, kind: request.kind ?? 'rebuild', status: 'succeeded', topic: 'conveyor.job-events', options: request, from: null, to: null, types: [],
          dryRun: Boolean(request.dryRun), requestedBy: 'dashboard', requestedAt: at, startedAt: at, finishedAt: at, progress: 1,
          events: { phase: 'done', done: 0, total: 0, rate: 0, etaSeconds: 0, lag: 0 }, report: null, error: null,
        });
        return { status: 202, body: { replayId, status: 'requested' } };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/dead-letters/requeue', respond: () => {
        const dead = store.deadLetters.filter((d) => d.status === 'dead');
        dead.forEach((d) => (d.status = 'requeued'));
        return { status: 202, body: { status: 'requeued', count: dead.length, deadLetterIds: dead.map((d) => String(d.id)) } };
      },
    },
    { api: 'command', method: 'POST', path: '/v1/dead-letters/{id}/requeue', respond: deadLetterAction('requeued') },
    { api: 'command', method: 'POST', path: '/v1/dead-letters/{id}/discard', respond: deadLetterAction('discarded') },
    { api: 'query', method: 'GET', path: '/v1/webhooks', respond: () => ({ status: 200, body: { items: webhooks } }) },
    { api: 'query', method: 'GET', path: '/v1/webhooks/{id}', respond: ({ params }) => { const w = webhook(params.id); return w ? { status: 200, body: w } : notFound('webhook subscription', params.id ?? ''); } },
    { api: 'query', method: 'GET', path: '/v1/webhooks/{id}/deliveries', respond: ({ params }) => (webhook(params.id) ? { status: 200, body: { items: deliveries[params.id ?? ''] ?? [] } } : notFound('webhook subscription', params.id ?? '')) },
    {
      api: 'command', method: 'POST', path: '/v1/webhooks', respond: ({ body }) => {
        const request = body as JsonObject;
        const created = {
          id: crypto.randomUUID(), url: String(request.url ?? ''), eventTypes: (request.eventTypes as string[] | undefined) ?? ['job.succeeded'],
          jobTypes: (request.jobTypes as string[] | undefined) ?? [], description: (request.description as string | undefined) ?? null, createdAt: new Date().toISOString(), createdBy: 'key:bootstrap',
        };
        webhooks.unshift(created);
        return { status: 201, body: { ...created, secret: `whsec_${btoa(crypto.randomUUID() + crypto.randomUUID()).slice(0, 43)}=` } };
      },
    },
    {
      api: 'command', method: 'DELETE', path: '/v1/webhooks/{id}', respond: ({ params }) => {
        const index = webhooks.findIndex((w) => w.id === params.id);
        if (index === -1) return notFound('webhook subscription', params.id ?? '');
        webhooks.splice(index, 1);
        return { status: 204 };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/webhooks/{id}/test', respond: ({ params }) => {
        if (!webhook(params.id)) return notFound('webhook subscription', params.id ?? '');
        const at = new Date().toISOString();
        const jobId = crypto.randomUUID();
        (deliveries[params.id ?? ''] ??= []).unshift({ jobId, eventType: 'webhook.test', messageId: `test_${crypto.randomUUID()}`, status: 'succeeded', attempts: 1, lastResponseStatus: 200, lastError: null, createdAt: at, updatedAt: at });
        return { status: 202, body: { jobId } };
      },
    },
    // Identity (issue 11): the mock answers as the bootstrap admin; keys live in this closure only.
    { api: 'query', method: 'GET', path: '/v1/me', respond: () => ({ status: 200, body: { id: 'key:bootstrap', kind: 'apiKey', name: 'bootstrap', roles: ['admin'] } }) },
    { api: 'query', method: 'GET', path: '/v1/admin/api-keys', respond: () => ({ status: 200, body: { items: apiKeys } }) },
    { api: 'query', method: 'GET', path: '/v1/admin/users', respond: () => ({ status: 200, body: { items: users } }) },
    { api: 'query', method: 'GET', path: '/v1/audit', respond: ({ query }) => page(auditTrail(store).filter((e) => !query.get('action') || e.action === query.get('action'))) },
    {
      api: 'command', method: 'POST', path: '/v1/admin/api-keys', respond: ({ body }) => {
        const request = body as JsonObject;
        const prefix = crypto.randomUUID().slice(0, 8);
        const created = { id: crypto.randomUUID(), prefix, name: String(request.name ?? 'key'), roles: (request.roles as string[] | undefined) ?? ['viewer'], expiresAt: null, createdAt: new Date().toISOString() };
        apiKeys.unshift({ ...created, createdBy: 'key:bootstrap', rotatedAt: null, revokedAt: null, lastUsedAt: null });
        return { status: 201, body: { ...created, key: `cvk_${prefix}_${crypto.randomUUID().replace(/-/g, '')}mock` } };
      },
    },
    {
      api: 'command', method: 'POST', path: '/v1/admin/api-keys/{id}/rotate', respond: ({ params }) => {
        const k = apiKey(params.id);
        if (!k) return notFound('API key', params.id ?? '');
        k.rotatedAt = new Date().toISOString();
        const { id, prefix, name, roles, expiresAt, createdAt } = k;
        return { status: 201, body: { id, prefix, name, roles, expiresAt, createdAt, key: `cvk_${prefix}_${crypto.randomUUID().replace(/-/g, '')}mock` } };
      },
    },
    {
      api: 'command', method: 'DELETE', path: '/v1/admin/api-keys/{id}', respond: ({ params }) => {
        const k = apiKey(params.id);
        if (!k) return notFound('API key', params.id ?? '');
        k.revokedAt = new Date().toISOString();
        return { status: 204 };
      },
    },
    {
      api: 'command', method: 'PUT', path: '/v1/admin/users/{subject}/roles', respond: ({ params, body }) => {
        const roles = ((body as JsonObject).roles as string[] | undefined) ?? [];
        const user = users.find((u) => u.subject === params.subject);
        if (user) user.assignedRoles = roles;
        return { status: 200, body: { subject: params.subject ?? '', roles } };
      },
    },
  ];
}
