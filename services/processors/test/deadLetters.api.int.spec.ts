/**
 * Dead letters over HTTP (issue "Job semantics", item 3): the real command API and query API in-process on
 * this run's topic prefix, with the processors between them. A job dies, is listed, requeued (by id and by
 * filter) and discarded; the dashboard's calls by job id work too.
 */
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, testApiKey, waitFor } from '@conveyor/testing';
import { loadConfig as loadCommandConfig } from '@conveyor/command-api/config';
import { startCommandApi, type CommandApi } from '@conveyor/command-api';
import { loadConfig as loadQueryConfig } from '@conveyor/query-api/config';
import { startQueryApi } from '@conveyor/query-api';
import { createSemanticsHarness, type SemanticsHarness } from './jobSemanticsHarness';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'dead-letters-api-test', level: 'error' });

describe('dead letters over HTTP', () => {
  let h: SemanticsHarness;
  let command: CommandApi;
  let query: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    h = await createSemanticsHarness();
    await h.start();
    const env = {
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
      TOPIC_PREFIX: h.prefix, HOST: '127.0.0.1', LOG_LEVEL: 'error', AUTH_BOOTSTRAP_API_KEY: testApiKey,
    };
    // PORT 0 (any free port) is below what the configuration accepts: set after parsing, as the APIs' own harnesses do.
    command = await startCommandApi({ ...loadCommandConfig(env), PORT: 0 }, { logger, metricsPort: null });
    query = await startQueryApi({ ...loadQueryConfig(env), PORT: 0 }, { logger, metricsPort: null });
  });
  afterAll(async () => {
    await command?.close();
    await query?.close();
    await h?.close();
  });

  const post = async (path: string, body: unknown = {}) => {
    const res = await fetch(`${command.url}${path}`, { method: 'POST', headers: { ...authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const get = async (path: string) => {
    const res = await fetch(`${query.url}${path}`, { headers: authHeaders() });
    return { status: res.status, body: await res.json() as Record<string, unknown> & { items: Array<Record<string, unknown>> } };
  };
  const dies = async (payload: object) => {
    const job = await h.submit('fail', payload, { maxAttempts: 1 });
    const letter = await waitFor(() => h.letters.find((l) => l.jobId === job.meta.jobId), { timeoutMs: 20_000, what: 'the dead letter' });
    await waitFor(async () => (await get(`/v1/dead-letters/${letter.deadLetterId}`)).status === 200, { timeoutMs: 20_000, what: 'the read model' });
    await waitFor(async () => (await h.pool.query(`select 1 from jobs where job_id = $1 and status = 'dead'`, [job.meta.jobId])).rowCount === 1, { timeoutMs: 20_000, what: 'the dead job' });
    return { jobId: job.meta.jobId, id: letter.deadLetterId };
  };

  it('lists and shows a dead letter; requeue by id runs the next attempt; a second requeue is a 409', async () => {
    const { jobId, id } = await dies({ times: 1 });
    const list = await get('/v1/dead-letters?type=fail&cause=attempts_exhausted&limit=200');
    expect(list.status).toBe(200);
    expect(list.body.items.find((i) => i.id === id)).toMatchObject({ jobId, cause: 'attempts_exhausted', status: 'dead', attempts: 1, origin: { topic: h.topics.work.normal } });
    const requeued = await post(`/v1/dead-letters/${id}/requeue`, { reason: 'fixed upstream' });
    expect(requeued).toMatchObject({ status: 202, body: { status: 'requeue-accepted', deadLetterId: id, jobId, attempt: 2 } });
    await waitFor(() => h.of(jobId, 'JobSucceeded')[0], { timeoutMs: 20_000, what: 'the requeued job to succeed' });
    expect(h.of(jobId, 'JobRequeued')[0]!.data).toMatchObject({ by: 'key:bootstrap', reason: 'fixed upstream', attempt: 2, redriveCount: 1 });
    await waitFor(async () => (await get(`/v1/dead-letters/${id}`)).body.status === 'requeued', { timeoutMs: 20_000, what: 'status requeued' });
    expect((await get(`/v1/dead-letters/${id}`)).body).toMatchObject({ requeueCount: 1, lastActionBy: 'key:bootstrap' });
    expect((await post(`/v1/dead-letters/${id}/requeue`)).status).toBe(409);
  });

  it('discards a dead letter by its job id (as the dashboard calls it); then it cannot be requeued', async () => {
    const { jobId, id } = await dies({ message: 'bad data' });
    expect(await post(`/v1/dead-letters/${jobId}/discard`, { reason: 'bad data' })).toMatchObject({ status: 202, body: { deadLetterId: id, jobId } });
    await waitFor(async () => (await get(`/v1/dead-letters/${id}`)).body.status === 'discarded', { timeoutMs: 20_000, what: 'status discarded' });
    expect((await post(`/v1/dead-letters/${id}/requeue`)).status).toBe(409);
    expect((await get('/v1/dead-letters?limit=200')).body.items.some((i) => i.id === id)).toBe(false); // default status=dead
  });

  it('requeues by filter and returns the count; 404 for an unknown id, 400 for a bad filter', async () => {
    const since = new Date().toISOString();
    const a = await dies({ times: 1, message: 'batch-a' });
    const b = await dies({ times: 1, message: 'batch-b' });
    const res = await post('/v1/dead-letters/requeue', { type: 'fail', cause: 'attempts_exhausted', since, limit: 10_000 });
    expect(res.status).toBe(202);
    expect(res.body.count).toBeGreaterThanOrEqual(2);
    expect(res.body.deadLetterIds).toEqual(expect.arrayContaining([a.id, b.id]));
    await waitFor(() => h.of(a.jobId, 'JobSucceeded')[0] && h.of(b.jobId, 'JobSucceeded')[0], { timeoutMs: 20_000, what: 'both requeued jobs' });
    expect((await post('/v1/dead-letters/00000000-0000-4000-8000-000000000000/requeue')).status).toBe(404);
    expect((await post('/v1/dead-letters/requeue', { limit: 10_001 })).status).toBe(400);
  });
});
