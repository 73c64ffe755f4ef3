import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import type { JobCancelled, JobSubmitted } from '@conveyor/events';
import { startTracing } from '@conveyor/runtime';
import { startHarness, type Answer, type Harness } from './commandApiHarness';

const traceId = () => randomUUID().replace(/-/g, '');
const traceparentOf = (id: string) => `00-${id}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString();

function expectProblem(answer: Answer, status: number, code?: string) {
  expect({ status: answer.status, type: answer.type }).toEqual({ status, type: expect.stringMatching(/^application\/problem\+json/) });
  expect(answer.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (code) expect(answer.body.code).toBe(code);
}

describe('command-api against the real stack', () => {
  let h: Harness;
  let stopTracing: () => Promise<void>;

  beforeAll(async () => {
    // The test process plays the service's step 3: a tracer provider and the W3C propagator.
    stopTracing = startTracing({ service: 'command-api-test' });
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
    await stopTracing?.();
  });

  /** Runs `act` and asserts that it published nothing on the topic. */
  async function publishesNothing(act: () => Promise<void>) {
    const before = await h.recordCount();
    await act();
    expect(await h.recordCount()).toBe(before);
  }

  async function eventsOf(jobIds: string[]) {
    const wanted = new Set(jobIds);
    const records = (await h.readAll()).filter((m) => wanted.has(m.key?.toString() ?? ''));
    return Promise.all(records.map(async (m) => ({ message: m, event: await h.serde.decode<JobSubmitted | JobCancelled>(m.value) })));
  }

  it('accepts a job after Kafka acknowledged exactly one JobSubmitted carrying the parsed payload and the trace', async () => {
    const trace = traceId();
    const answer = await h.request('POST', '/v1/jobs', {
      body: { type: 'http.request', payload: { url: 'https://example.test/hook' }, priority: 'high' },
      headers: { traceparent: traceparentOf(trace), 'x-actor': 'billing-service' },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ jobId: expect.any(String), status: 'accepted' });
    const { jobId } = answer.body;

    const events = await eventsOf([jobId]);
    expect(events).toHaveLength(1);
    const [{ message, event }] = events as [(typeof events)[number]];
    expect(message.key?.toString()).toBe(jobId);
    expect(message.value?.readUInt8(0)).toBe(0);
    expect(message.value?.readInt32BE(1)).toBe(h.schemaIds.get('JobSubmitted'));
    expect(header(message, 'event-type')).toBe('JobSubmitted');
    expect(header(message, 'traceparent')?.split('-')[1]).toBe(trace);
    expect(event.type).toBe('JobSubmitted');
    const data = event.data as JobSubmitted;
    expect(data).toMatchObject({
      type: 'http.request', priority: 'high', maxAttempts: 3, timeoutMs: 30_000, runAt: null, idempotencyKey: null,
      backoff: { kind: 'exponential', delayMs: 1000, maxDelayMs: 300_000 },
      meta: { jobId, actor: 'key:bootstrap', replay: false },
    });
    expect(JSON.parse(data.payloadJson)).toEqual({ method: 'POST', url: 'https://example.test/hook', headers: {} });
    expect(data.meta.traceparent?.split('-')[1]).toBe(trace);
    expect(await h.api.metrics.registry.getSingleMetricAsString('kafka_messages_produced_total')).toContain(`topic="${h.topic}"`);
  });

  it('answers a repeated Idempotency-Key with the same job id and publishes once; another body is 409', async () => {
    const key = `order-${randomUUID()}`;
    const body = { type: 'noop', payload: { order: 42, lines: [1, 2] } };
    const before = await h.recordCount();
    // Concurrent duplicates wait for the first to be published, then share its job id.
    const answers = await Promise.all([0, 1, 2].map(() => h.request('POST', '/v1/jobs', { body, headers: { 'idempotency-key': key } })));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
    const jobIds = new Set(answers.map((a) => a.body.jobId));
    expect(jobIds.size).toBe(1);
    // The same document with its keys in another order is the same request.
    const again = await h.request('POST', '/v1/jobs', { raw: '{"payload":{"lines":[1,2],"order":42},"type":"noop"}', headers: { 'idempotency-key': key, 'content-type': 'application/json' } });
    expect(again.body.jobId).toBe(answers[0]?.body.jobId);
    expect(await h.recordCount()).toBe(before + 1);

    await publishesNothing(async () => {
      const conflict = await h.request('POST', '/v1/jobs', { body: { ...body, priority: 'low' }, headers: { 'idempotency-key': key } });
      expectProblem(conflict, 409, 'CONFLICT');
    });
    const events = await eventsOf([...jobIds]);
    expect(events).toHaveLength(1);
    expect((events[0]?.event.data as JobSubmitted).idempotencyKey).toBe(key);
  });

  it('refuses bad requests with problem+json and publishes nothing', async () => {
    await publishesNothing(async () => {
      const post = (options: Parameters<Harness['request']>[2]) => h.request('POST', '/v1/jobs', options);
      expectProblem(await post({ raw: '{"type": "noop", ', headers: { 'content-type': 'application/json' } }), 400, 'MALFORMED_REQUEST');

      const wrongTypes = await post({ body: { type: 7, payload: {}, maxAttempts: 101, runAt: 'next tuesday' } });
      expectProblem(wrongTypes, 400, 'VALIDATION_FAILED');
      expect(wrongTypes.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/maxAttempts', '/runAt', '/type']);

      const unknownType = await post({ body: { type: 'fax.send', payload: {} } });
      expectProblem(unknownType, 422, 'UNPROCESSABLE');
      expect(unknownType.body.detail).toContain('http.request');

      const badPayload = await post({ body: { type: 'http.request', payload: { url: 'not a url' } } });
      expectProblem(badPayload, 422, 'UNPROCESSABLE');
      expect(badPayload.body.errors).toEqual([{ path: '/payload/url', message: expect.any(String) }]);

      const huge = { type: 'noop', payload: { blob: 'x'.repeat(h.config.MAX_BODY_BYTES) } };
      expectProblem(await post({ body: huge }), 413, 'PAYLOAD_TOO_LARGE');

      expectProblem(await post({ raw: JSON.stringify({ type: 'noop', payload: {} }), headers: { 'content-type': 'text/plain' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await post({ body: { type: 'noop', payload: {} }, headers: { 'idempotency-key': 'k'.repeat(201) } }), 400, 'VALIDATION_FAILED');
    });
  });

  it('accepts a batch of 1000 as 1000 events in one publish, and a batch with one bad item not at all', async () => {
    const jobs = Array.from({ length: 1000 }, (_, i) => ({ type: 'noop', payload: { i } }));
    const accepted = await h.request('POST', '/v1/jobs/batch', { body: { jobs } });
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('accepted');
    expect(new Set(accepted.body.jobIds).size).toBe(1000);
    const events = await eventsOf(accepted.body.jobIds);
    expect(events).toHaveLength(1000);
    const payloadOf = new Map(events.map(({ message, event }) => [message.key?.toString(), JSON.parse((event.data as JobSubmitted).payloadJson)]));
    accepted.body.jobIds.forEach((id: string, i: number) => expect(payloadOf.get(id)).toEqual({ i }));

    await publishesNothing(async () => {
      const bad = jobs.slice(0, 10).map((j, i) => (i === 3 ? { type: 'http.request', payload: { url: 'nope' } } : j));
      const refused = await h.request('POST', '/v1/jobs/batch', { body: { jobs: bad } });
      expectProblem(refused, 422, 'UNPROCESSABLE');
      expect(refused.body.errors).toEqual([{ path: '/jobs/3/payload/url', message: expect.any(String) }]);
      expectProblem(await h.request('POST', '/v1/jobs/batch', { body: { jobs: [...jobs, jobs[0]] } }), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('cancel', () => {
    const inserted: string[] = [];
    afterAll(async () => {
      await h.pool.query('delete from jobs where job_id = any($1)', [inserted]);
    });

    /** A jobs read-model row in a known state, as the projector would have written it. */
    async function insertJob(status: string): Promise<string> {
      const jobId = randomUUID();
      await h.pool.query(
        `insert into jobs (job_id, type, status, priority, payload, max_attempts, backoff, submitted_at, updated_at, actor, version)
         values ($1, 'noop', $2, 'normal', '{}', 3, '{"kind":"fixed","delayMs":1,"maxDelayMs":1}', now(), now(), 'test', 1)`,
        [jobId, status],
      );
      inserted.push(jobId);
      return jobId;
    }

    it('answers 400 for an id that is not a UUID and 404 for an unknown job', async () => {
      await publishesNothing(async () => {
        expectProblem(await h.request('POST', '/v1/jobs/not-a-uuid/cancel'), 400, 'VALIDATION_FAILED');
        expectProblem(await h.request('POST', `/v1/jobs/${randomUUID()}/cancel`), 404, 'NOT_FOUND');
      });
    });

    it('answers 409 for a job that already finished', async () => {
      const jobId = await insertJob('succeeded');
      await publishesNothing(async () => {
        const answer = await h.request('POST', `/v1/jobs/${jobId}/cancel`, { body: { reason: 'too late' } });
        expectProblem(answer, 409, 'CONFLICT');
        expect(answer.body.detail).toContain('succeeded');
      });
    });

    it('publishes JobCancelled for a queued job, with the principal as actor (X-Actor is no identity)', async () => {
      const jobId = await insertJob('queued');
      const answer = await h.request('POST', `/v1/jobs/${jobId}/cancel`, { body: { reason: 'customer asked' }, headers: { 'x-actor': 'ops' } });
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({ jobId, status: 'cancel-accepted' });
      const events = await eventsOf([jobId]);
      expect(events.map((e) => e.event.type)).toEqual(['JobCancelled']);
      expect(events[0]?.event.data).toMatchObject({ reason: 'customer asked', meta: { jobId, actor: 'key:bootstrap' } });
      expect(header(events[0]!.message, 'event-type')).toBe('JobCancelled');
    });
  });

  it('merges 200 concurrent submissions into fewer than 200 sendBatch calls', async () => {
    const batches = async () => (await h.api.metrics.registry.getSingleMetric('kafka_produce_batches_total')?.get())?.values[0]?.value ?? 0;
    const fire = () => Promise.all(Array.from({ length: 200 }, (_, i) => h.request('POST', '/v1/jobs', { body: { type: 'noop', payload: { i } } })));
    const measure = async () => {
      const before = { batches: await batches(), offset: await h.recordCount() };
      const answers = await fire();
      expect(answers.every((a) => a.status === 202)).toBe(true);
      expect(await h.recordCount()).toBe(before.offset + 200);
      return (await batches()) - before.batches;
    };
    // Cold: the client opens 200 connections, so requests arrive spread out; still merged.
    const cold = await measure();
    expect(cold).toBeGreaterThanOrEqual(1);
    expect(cold).toBeLessThan(200);
    // Warm connections: the requests arrive together; still merged (how much depends on the machine's speed).
    const warm = await measure();
    expect(warm).toBeGreaterThanOrEqual(1);
    expect(warm).toBeLessThan(200);
  });

  it('serves the job types, the OpenAPI document, readiness, and CORS preflight', async () => {
    const types = await h.request('GET', '/v1/job-types');
    expect(types.body.items.map((t: { type: string }) => t.type)).toEqual(expect.arrayContaining(['http.request', 'noop', 'sleep']));
    expect(types.body.items.find((t: { type: string }) => t.type === 'sleep').payloadSchema).toMatchObject({ type: 'object', required: ['ms'] });
    expect((await h.request('GET', '/openapi.json')).body.openapi).toBe('3.1.0');
    const ready = await h.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toEqual([['kafka', true], ['schema-registry', true], ['postgres', true]]);
    const preflight = await h.request('OPTIONS', '/v1/jobs', { headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,idempotency-key' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(types.headers.get('x-content-type-options')).toBe('nosniff');
    expect(types.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(preflight.headers.get('access-control-allow-headers')).toContain('idempotency-key');
  });
});
