import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createJobTypeRegistry } from '@conveyor/job-types';
import type { OutgoingMessage } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createMetrics, createPgPool, listen } from '@conveyor/runtime';
import { createAuthenticator } from '@conveyor/auth';
import { authHeaders, stackEndpoints, testApiKey } from '@conveyor/testing';
import { createApp } from '../src/app';
import { createIdempotency } from '../src/jobs/idempotency';
import { createJobEventPublisher } from '../src/jobs/jobEventPublisher';
import { createJobService } from '../src/jobs/jobService';
import { createJobStateStore } from '../src/jobs/jobStateStore';

const auth = authHeaders();

/**
 * Edge cases through createApp in-process, with the real Postgres (idempotency keys) and a Kafka
 * stand-in whose acknowledgements the test controls: a publish that is never acknowledged is withdrawn,
 * answered 503, and releases its Idempotency-Key.
 */
describe('command-api edge cases (in-process, real Postgres)', () => {
  const pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'command-api-edge-test', max: 4 });
  const published: OutgoingMessage[][] = [];
  let acknowledge = true;
  const publish = (items: OutgoingMessage[]) => (acknowledge ? (published.push(items), Promise.resolve()) : new Promise<void>(() => undefined));
  // An unacknowledged publish is still in the stand-in's queue, so it can be withdrawn (never sent), as
  // the batching publisher allows for messages it has not sent yet.
  const publisher = { publish, enqueue: (items: OutgoingMessage[]) => ({ acknowledged: publish(items), withdraw: () => !acknowledge }) };
  const serde = { encode: async (_name: string, value: unknown) => Buffer.from(JSON.stringify(value)) };
  const jobTypes = createJobTypeRegistry();
  const jobs = createJobService({
    jobTypes,
    events: createJobEventPublisher({ serde, publisher, topic: 'edge.conveyor.job-events', timeoutMs: 200 }),
    jobStates: createJobStateStore({ pool }),
    idempotency: createIdempotency({ pool, now: Date.now, waitMs: 1000, abandonedAfterMs: 60_000 }),
    now: () => Date.UTC(2030, 0, 1),
  });
  const app = createApp({
    config: { MAX_BODY_BYTES: 2048, MAX_BATCH_BODY_BYTES: 4096, CORS_ORIGINS: 'http://localhost:3000', HSTS: undefined, NODE_ENV: 'test' },
    logger: pino({ level: 'silent' }), metrics: createMetrics('command-api-edge-test'), jobTypes, jobs, checks: [],
    authenticator: createAuthenticator({ bootstrapKey: testApiKey }),
  });
  let server: Awaited<ReturnType<typeof listen>>;
  let base: string;
  const keys: string[] = [];

  beforeAll(async () => {
    await migrate(pool);
    server = await listen(app, { port: 0, host: '127.0.0.1' });
    const address = server.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await pool.query('delete from idempotency_keys where key = any($1)', [keys]);
    await server?.close();
    await pool.end();
  });

  const submit = (key: string, body: unknown = { type: 'noop', payload: {} }) =>
    fetch(`${base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });

  it('answers 503 when Kafka does not acknowledge in time, and frees the Idempotency-Key for a retry', async () => {
    const key = `edge-${randomUUID()}`;
    keys.push(key);
    acknowledge = false;
    const timedOut = await submit(key);
    expect(timedOut.status).toBe(503);
    expect(timedOut.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await timedOut.json()).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect((await pool.query('select 1 from idempotency_keys where key = $1', [key])).rowCount).toBe(0);

    acknowledge = true;
    const retried = await submit(key);
    expect(retried.status).toBe(202);
    const { jobId } = (await retried.json()) as { jobId: string };
    expect((await pool.query('select job_id, state from idempotency_keys where key = $1', [key])).rows).toEqual([{ job_id: jobId, state: 'published' }]);
    const event = JSON.parse(published.at(-1)![0]!.message.value!.toString()) as { meta: { occurredAt: number; jobId: string } };
    expect(event.meta).toMatchObject({ jobId, occurredAt: Date.UTC(2030, 0, 1) });
  });

  it('refuses a chunked body over the limit with 413 while streaming', async () => {
    const chunk = new TextEncoder().encode(`{"type":"noop","payload":{"x":"${'y'.repeat(3000)}"}}`);
    const body = new ReadableStream({ start: (c) => { c.enqueue(chunk); c.close(); } });
    const res = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('accepts application/json with a UTF-8 charset and refuses another charset', async () => {
    const post = (type: string) => fetch(`${base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: '{"type":"noop","payload":{}}' });
    expect((await post('application/json; charset=utf-8')).status).toBe(202);
    expect((await post('application/json; charset=latin1')).status).toBe(415);
  });

  it('echoes an allowed origin only, and answers unknown routes and methods with problems', async () => {
    const allowed = await fetch(`${base}/v1/job-types`, { headers: { ...auth, origin: 'http://localhost:3000' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const other = await fetch(`${base}/v1/job-types`, { headers: { ...auth, origin: 'http://evil.test' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const missing = await fetch(`${base}/v1/nothing`, { headers: auth });
    expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/problem+json']);
    const wrongMethod = await fetch(`${base}/v1/jobs`, { method: 'DELETE', headers: auth });
    expect([wrongMethod.status, wrongMethod.headers.get('content-type')]).toEqual([405, 'application/problem+json']);
  });

  it('refuses Idempotency-Key on batches, and records the principal as the actor whatever X-Actor says', async () => {
    const batch = await fetch(`${base}/v1/jobs/batch`, {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': 'k' }, body: '{"jobs":[{"type":"noop","payload":{}}]}',
    });
    expect(batch.status).toBe(400);
    const actor = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', 'x-actor': 'someone-else' }, body: '{"type":"noop","payload":{}}' });
    expect(actor.status).toBe(202);
    const event = JSON.parse(published.at(-1)![0]!.message.value!.toString()) as { meta: { actor: string } };
    expect(event.meta.actor).toBe('key:bootstrap');
    const anonymous = await fetch(`${base}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"noop","payload":{}}' });
    expect([anonymous.status, anonymous.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="conveyor"']);
  });
});
