/**
 * Schedules end to end over HTTP: the command API's schedule routes and the query API's schedule
 * routes mounted on a throwaway Koa app, the processors' schedule projection and scheduler in between,
 * on a topic prefix of this run.
 */
import Koa from 'koa';
import type { Producer } from 'kafkajs';
import { jobEventSchemas, scheduleEventSchemas } from '@conveyor/events';
import { createJobTypeRegistry } from '@conveyor/job-types';
import { applyTopicCatalog, createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, resolveCatalog, topicNames } from '@conveyor/kafka';
import { migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, listen, problemMiddleware, type Pool } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, testApiKey, uniqueName, uniqueTopicPrefix, waitFor } from '@conveyor/testing';
import { authMiddleware, createAuthenticator } from '@conveyor/auth';
import { createAdminEventPublisher, createScheduleService, createScheduleStateStore, scheduleRoutes as commandRoutes } from '@conveyor/command-api/schedules';
import { startScheduler, type Scheduler } from '@conveyor/processors/scheduler';
import { createScheduleQueries, scheduleRoutes as queryRoutes } from '@conveyor/query-api/schedules';

const endpoints = stackEndpoints();
const prefix = uniqueTopicPrefix();
const topics = topicNames(prefix);
const logger = createLogger({ service: 'scheduler-api-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'scheduler-api-test', logger });
let pool: Pool;
let producer: Producer;
let scheduler: Scheduler;
let server: { close: () => Promise<void> };
let base: string;

beforeAll(async () => {
  pool = createPgPool({ url: endpoints.databaseUrl, name: 'scheduler-api-test' });
  await migrate(pool);
  const admin = kafka.admin();
  await admin.connect();
  await applyTopicCatalog(admin, resolveCatalog({ prefix }));
  await admin.disconnect();
  const jobSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  const adminSerde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topics.adminEvents, schemas: scheduleEventSchemas });
  await jobSerde.registerAll();
  await adminSerde.registerAll();
  producer = createIdempotentProducer(kafka);
  await producer.connect();
  const publishAdminEvents = createAdminEventPublisher({ serde: adminSerde, publisher: createBatchingPublisher({ producer }), topic: topics.adminEvents, timeoutMs: 5000 });

  const app = new Koa();
  app.use(problemMiddleware(logger));
  // The routes record the authenticated principal as the actor: the command API's authentication, with a test key.
  app.use(authMiddleware({ api: 'command', authenticator: createAuthenticator({ bootstrapKey: testApiKey }) }));
  const service = createScheduleService({ publishAdminEvents, states: createScheduleStateStore({ pool }), jobTypes: createJobTypeRegistry(), now: Date.now });
  const command = commandRoutes({ service, bodyLimit: 64 * 1024 });
  const query = queryRoutes({ schedules: createScheduleQueries({ pool, adminTopic: topics.adminEvents }) });
  app.use(command.routes()).use(query.routes());
  const listening = await listen(app, { port: 0, host: '127.0.0.1' });
  server = listening;
  const address = listening.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  scheduler = await startScheduler({ kafka, pool, jobSerde, adminSerde, topics, logger, metrics: createMetrics('scheduler-api-test'), groupId: uniqueName('schedule-projector') });
});

afterAll(async () => {
  await scheduler?.stop();
  await server?.close();
  await producer?.disconnect();
  await pool?.end();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(base + path, {
    method, headers: body === undefined ? authHeaders() : { ...authHeaders(), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
};

describe('schedules over HTTP', () => {
  const definition = { name: 'api every second', cron: '* * * * * *', timeZone: 'America/New_York', catchUp: 'skip', jobTemplate: { type: 'noop', payload: {}, priority: 'low' } };

  it('validates: 400 for a bad cron or time zone, 422 for an unknown job type or payload; 404 for an unknown schedule', async () => {
    expect(await call('POST', '/v1/schedules', { ...definition, cron: '* * *' })).toMatchObject({ status: 400, body: { errors: [{ path: '/cron' }] } });
    expect(await call('POST', '/v1/schedules', { ...definition, timeZone: 'Nowhere/Land' })).toMatchObject({ status: 400, body: { errors: [{ path: '/timeZone' }] } });
    expect(await call('POST', '/v1/schedules', { ...definition, jobTemplate: { type: 'nope', payload: {} } })).toMatchObject({ status: 422, body: { errors: [{ path: '/jobTemplate/type' }] } });
    expect(await call('POST', '/v1/schedules', { ...definition, jobTemplate: { type: 'sleep', payload: {} } })).toMatchObject({ status: 422 });
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call('PUT', `/v1/schedules/${unknown}`, definition)).status).toBe(404);
    expect((await call('POST', `/v1/schedules/${unknown}/pause`)).status).toBe(404);
    expect((await call('GET', `/v1/schedules/${unknown}`)).status).toBe(404);
  });

  it('creates, fires, lists with next fire times and runs, pauses (409 twice), resumes, replaces and deletes', async () => {
    const created = await call('POST', '/v1/schedules', definition);
    expect(created).toMatchObject({ status: 201, body: { scheduleId: expect.any(String), paused: false, catchUp: 'skip' } });
    const id = created.body?.scheduleId as string;

    const detail = await waitFor(async () => {
      const got = await call('GET', `/v1/schedules/${id}`);
      const runs = (got.body?.runs ?? []) as Array<{ status: string | null }>;
      return runs.length >= 2 && got.body !== null && got.body;
    }, { timeoutMs: 15_000, what: 'two runs' });
    expect(detail).toMatchObject({ scheduleId: id, timeZone: 'America/New_York', lastFiredAt: expect.any(String), nextFireTimes: expect.any(Array) });
    expect(detail.nextFireTimes).toHaveLength(5);
    const runs = detail.runs as Array<{ fireAt: string; jobId: string }>;
    expect(Date.parse(runs[0]!.fireAt)).toBeGreaterThan(Date.parse(runs[1]!.fireAt));

    const list = await call('GET', '/v1/schedules?limit=500');
    expect((list.body?.items as Array<{ scheduleId: string }>).map((s) => s.scheduleId)).toContain(id);

    expect(await call('POST', `/v1/schedules/${id}/pause`, {})).toMatchObject({ status: 200, body: { scheduleId: id, paused: true } });
    await waitFor(async () => (await call('GET', `/v1/schedules/${id}`)).body?.paused === true, { what: 'paused in the read model' });
    expect((await call('POST', `/v1/schedules/${id}/pause`)).status).toBe(409);
    expect((await call('GET', `/v1/schedules/${id}`)).body?.nextFireTimes).toEqual([]);
    expect(await call('POST', `/v1/schedules/${id}/resume`)).toMatchObject({ status: 200, body: { paused: false } });

    const replaced = await call('PUT', `/v1/schedules/${id}`, { ...definition, name: 'hourly now', cron: '0 * * * *' });
    expect(replaced).toMatchObject({ status: 200, body: { name: 'hourly now', cron: '0 * * * *' } });
    await waitFor(async () => (await call('GET', `/v1/schedules/${id}`)).body?.cron === '0 * * * *', { what: 'replaced in the read model' });

    expect((await call('DELETE', `/v1/schedules/${id}`)).status).toBe(204);
    await waitFor(async () => (await call('GET', `/v1/schedules/${id}`)).status === 404, { what: 'deleted' });
    expect((await call('DELETE', `/v1/schedules/${id}`)).status).toBe(404);
  });
});
