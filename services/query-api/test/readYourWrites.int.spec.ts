/**
 * Read your own writes across the two APIs: the command API answers the accepted event's log position
 * (`Conveyor-Position`), and the query API, given it as `?after=`, answers once its projection has passed
 * it. Against the real stack, on a topic prefix of this file.
 */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startInProcessPlatform, type InProcessPlatform } from '@conveyor/platform-harness';
import { authHeaders, stackEndpoints } from '@conveyor/testing';

// Long enough for a just-started projector to join its group and apply a batch on a loaded 2-core machine;
// the beyond-the-log case below waits it out once.
const waitBoundMs = 8000;
let platform: InProcessPlatform;

beforeAll(async () => {
  platform = await startInProcessPlatform({
    endpoints: stackEndpoints(), logger: pino({ level: 'silent' }), topicPrefix: `ryw${randomBytes(3).toString('hex')}.`,
    env: { POSITION_WAIT_MAX_MS: String(waitBoundMs) },
  });
});

afterAll(async () => {
  await platform?.stop();
});

const post = (path: string, body: unknown) =>
  fetch(`${platform.commandApi}${path}`, { method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('read your own writes', () => {
  it('a job read with the position of its submission is there on the first read', async () => {
    const submitted = await post('/v1/jobs', { type: 'noop', payload: { ryw: true } });
    expect(submitted.status).toBe(202);
    const { jobId } = (await submitted.json()) as { jobId: string };
    const position = submitted.headers.get('conveyor-position');
    expect(position).toMatch(new RegExp(`^${platform.topicPrefix.replace('.', '\\.')}conveyor\\.job-events:\\d+:\\d+$`));

    const read = await fetch(`${platform.queryApi}/v1/jobs/${jobId}?after=${encodeURIComponent(position ?? '')}`, { headers: authHeaders(platform.apiKey) });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ jobId, timeline: [expect.objectContaining({ eventType: 'JobSubmitted' })] });
  });

  it('a batch answers one position per partition, and a list read with it shows every job', async () => {
    const submitted = await post('/v1/jobs/batch', { jobs: Array.from({ length: 20 }, (_, i) => ({ type: 'noop', payload: { i } })) });
    expect(submitted.status).toBe(202);
    const { jobIds } = (await submitted.json()) as { jobIds: string[] };
    const position = submitted.headers.get('conveyor-position') ?? '';
    const partitions = position.split(',').map((p) => p.split(':')[1]);
    expect(new Set(partitions).size).toBe(partitions.length);

    const reads = await Promise.all(jobIds.map((id) => fetch(`${platform.queryApi}/v1/jobs/${id}?after=${encodeURIComponent(position)}`, { headers: authHeaders(platform.apiKey) })));
    expect(reads.map((r) => r.status)).toEqual(jobIds.map(() => 200));
  });

  it('a schedule read with the position of its creation is there on the first read', async () => {
    const created = await post('/v1/schedules', { name: 'ryw', cron: '0 3 * * *', jobTemplate: { type: 'noop', payload: {} } });
    expect(created.status).toBe(201);
    const { scheduleId } = (await created.json()) as { scheduleId: string };
    const position = created.headers.get('conveyor-position') ?? '';
    expect(position).toContain('conveyor.admin-events:');

    const read = await fetch(`${platform.queryApi}/v1/schedules/${scheduleId}?after=${encodeURIComponent(position)}`, { headers: authHeaders(platform.apiKey) });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ scheduleId, name: 'ryw' });
  });

  it('a command right after another on the same entity decides on a state that includes the first', async () => {
    const submitted = await post('/v1/jobs', { type: 'noop', payload: {}, runAt: new Date(Date.now() + 60_000).toISOString() });
    const { jobId } = (await submitted.json()) as { jobId: string };
    const cancelled = await post(`/v1/jobs/${jobId}/cancel`, { reason: 'right away' });
    expect(cancelled.status).toBe(202);
    expect(cancelled.headers.get('conveyor-position')).toMatch(/conveyor\.job-events:\d+:\d+$/);

    const created = await post('/v1/schedules', { name: 'ryw-pause', cron: '0 3 * * *', jobTemplate: { type: 'noop', payload: {} } });
    const { scheduleId } = (await created.json()) as { scheduleId: string };
    const paused = await post(`/v1/schedules/${scheduleId}/pause`, {});
    expect(paused.status).toBe(200);
    const read = await fetch(`${platform.queryApi}/v1/schedules/${scheduleId}?after=${encodeURIComponent(paused.headers.get('conveyor-position') ?? '')}`, { headers: authHeaders(platform.apiKey) });
    expect(await read.json()).toMatchObject({ scheduleId, paused: true });
  });

  it('a position beyond the log waits at most the bound, then answers 503 with Retry-After', async () => {
    const beyond = `${platform.topicPrefix}conveyor.job-events:0:999999999999`;
    const started = performance.now();
    const read = await fetch(`${platform.queryApi}/v1/jobs?after=${encodeURIComponent(beyond)}`, { headers: authHeaders(platform.apiKey) });
    const waitedMs = performance.now() - started;
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('1');
    expect(read.headers.get('content-type')).toContain('application/problem+json');
    expect(await read.json()).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(waitedMs).toBeGreaterThanOrEqual(waitBoundMs - 50);
    // Bounded, not forever: it answers well before the test's own timeout (no tighter wall-clock limit).
    expect(waitedMs).toBeLessThan(waitBoundMs + 15_000);
  });

  it('a malformed position is a 400 naming `after`', async () => {
    const read = await fetch(`${platform.queryApi}/v1/jobs?after=nonsense`, { headers: authHeaders(platform.apiKey) });
    expect(read.status).toBe(400);
    expect(await read.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ path: 'after' })] });
  });
});
