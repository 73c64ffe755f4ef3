/**
 * The whole CQRS pipeline against the real stack: HTTP → command API → Avro events in Kafka →
 * processors (dispatch, run, project) → Postgres read models → query API. One platform per file,
 * isolated by its own topic prefix and consumer groups.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Pool } from 'pg';
import { createKafka, topicNames } from '@conveyor/kafka';
import { startInProcessPlatform, type InProcessPlatform } from '@conveyor/platform-harness';
import { authHeaders, stackEndpoints, waitFor } from '@conveyor/testing';

const endpoints = stackEndpoints();
let platform: InProcessPlatform;
let pool: Pool;

interface JobView {
  jobId: string;
  status: string;
  error: { message: string; code: string; retriable: boolean } | null;
  traceId: string | null;
  attempts: number;
  timeline: Array<{ eventType: string; attempt: number | null }>;
}

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${platform.commandApi}${path}`, { method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function submitWithPosition(body: unknown, headers: Record<string, string> = {}): Promise<{ jobId: string; position: string }> {
  const res = await post('/v1/jobs', body, headers);
  expect(res.status).toBe(202);
  return { jobId: ((await res.json()) as { jobId: string }).jobId, position: res.headers.get('conveyor-position') ?? '' };
}

const submit = async (body: unknown, headers: Record<string, string> = {}): Promise<string> => (await submitWithPosition(body, headers)).jobId;

async function job(jobId: string): Promise<JobView | undefined> {
  const res = await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: authHeaders(platform.apiKey) });
  return res.ok ? ((await res.json()) as JobView) : undefined;
}

const jobIn = (jobId: string, statuses: string[]) =>
  waitFor(async () => {
    const j = await job(jobId);
    return j && statuses.includes(j.status) ? j : undefined;
  }, { timeoutMs: 60_000, what: `job ${jobId} to be ${statuses.join('|')}` });

beforeAll(async () => {
  platform = await startInProcessPlatform({ endpoints, logger: pino({ level: 'silent' }), topicPrefix: `pipe${randomBytes(3).toString('hex')}.` });
  pool = new Pool({ connectionString: endpoints.databaseUrl, max: 2 });
});

afterAll(async () => {
  await platform?.stop();
  await pool?.end();
});

describe('the job pipeline end to end', () => {
  it('a submitted job succeeds and shows its whole timeline, under the trace id of the HTTP request', async () => {
    const traceId = randomBytes(16).toString('hex');
    const { jobId, position } = await submitWithPosition({ type: 'noop', payload: { order: 42 } }, { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` });
    // Read your own write: right after the 202, ?after=<Conveyor-Position> waits for the projection instead of a 404.
    const fresh = await fetch(`${platform.queryApi}/v1/jobs/${jobId}?after=${encodeURIComponent(position)}`, { headers: authHeaders(platform.apiKey) });
    expect(fresh.status).toBe(200);

    const done = await jobIn(jobId, ['succeeded']);
    expect(done.timeline.map((e) => e.eventType)).toEqual(['JobSubmitted', 'JobStarted', 'JobSucceeded']);
    expect(done.attempts).toBe(1);
    expect(done.traceId).toBe(traceId);
    // Every event the projector stored (from the command API and from the executor) carries the same trace.
    const { rows } = await pool.query<{ event_type: string; trace_id: string }>('select event_type, trace_id from job_events where job_id = $1', [jobId]);
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.trace_id))).toEqual(new Set([traceId]));
  });

  it('an Idempotency-Key repeat returns the same job and runs it once', async () => {
    const key = `pipeline-${randomBytes(6).toString('hex')}`;
    const body = { type: 'noop', payload: { once: true } };
    const [a, b] = await Promise.all([submit(body, { 'idempotency-key': key }), submit(body, { 'idempotency-key': key })]);
    expect(b).toBe(a);
    const done = await jobIn(a, ['succeeded']);
    expect(done.timeline.filter((e) => e.eventType === 'JobSubmitted')).toHaveLength(1);
    expect(done.timeline.filter((e) => e.eventType === 'JobStarted')).toHaveLength(1);
  });

  it('a failing handler gives JobFailed with its error', async () => {
    const jobId = await submit({ type: 'fail', payload: { message: 'card declined', retriable: false }, maxAttempts: 3 });
    const done = await jobIn(jobId, ['failed', 'dead']);
    expect(done.error).toMatchObject({ message: 'card declined', retriable: false });
    expect(done.timeline.map((e) => e.eventType)).toEqual(expect.arrayContaining(['JobStarted', 'JobFailed']));
    expect(done.attempts).toBe(1); // not retriable: the remaining attempts are skipped
  });

  it('cancelling a delayed job: it never starts', async () => {
    const jobId = await submit({ type: 'noop', payload: {}, runAt: new Date(Date.now() + 60_000).toISOString() });
    await jobIn(jobId, ['scheduled']);
    const res = await post(`/v1/jobs/${jobId}/cancel`, { reason: 'not needed' });
    expect(res.status).toBe(202);
    const done = await jobIn(jobId, ['cancelled']);
    expect(done.timeline.map((e) => e.eventType)).toEqual(['JobSubmitted', 'JobCancelled']);
    // A second cancel conflicts with the finished state.
    expect((await post(`/v1/jobs/${jobId}/cancel`, {})).status).toBe(409);
  });

  it('an as-of snapshot requested over HTTP is built by the processors and served with ?asOf=', async () => {
    const jobId = await submit({ type: 'sleep', payload: { ms: 3000 } });
    const running = await jobIn(jobId, ['running']);
    const startedAt = Date.parse((running as unknown as { startedAt: string }).startedAt);
    // A whole second after the start and before the end (the job sleeps 3 s).
    const asOf = new Date(Math.ceil((startedAt + 1) / 1000) * 1000).toISOString();
    await jobIn(jobId, ['succeeded']);

    const res = await post('/v1/admin/replays', { kind: 'as-of', asOf }, { 'x-actor': 'pipeline-test' });
    expect(res.status).toBe(202);
    const { replayId } = (await res.json()) as { replayId: string };
    const run = await waitFor(async () => {
      const r = (await (await fetch(`${platform.queryApi}/v1/replays/${replayId}`, { headers: authHeaders(platform.apiKey) })).json()) as { status: string; error: string | null };
      return r.status === 'succeeded' || r.status === 'failed' ? r : undefined;
    }, { timeoutMs: 90_000, what: `replay ${replayId}` });
    expect(run).toMatchObject({ status: 'succeeded', error: null });

    const then = (await (await fetch(`${platform.queryApi}/v1/jobs/${jobId}?asOf=${encodeURIComponent(asOf)}`, { headers: authHeaders(platform.apiKey) })).json()) as JobView;
    expect(then.status).toBe('running');
    expect((await job(jobId))?.status).toBe('succeeded');
  });

  it('a bad request publishes nothing and answers problem+json', async () => {
    const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'pipeline-test', logger: pino({ level: 'silent' }) });
    const admin = kafka.admin();
    await admin.connect();
    const logEnd = async () => (await admin.fetchTopicOffsets(topicNames(platform.topicPrefix).jobEvents)).reduce((n, p) => n + Number(p.high), 0);
    try {
      // Earlier jobs of this file are finished: nothing else is publishing now.
      const before = await logEnd();
      const res = await post('/v1/jobs', { type: 'no-such-type', payload: {} });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(await res.json()).toMatchObject({ status: 422, code: 'UNPROCESSABLE' });
      expect(res.headers.get('conveyor-position')).toBeNull();
      expect(await logEnd()).toBe(before);
    } finally {
      await admin.disconnect();
    }
  });
});
