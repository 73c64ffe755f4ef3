/**
 * Job types registered at run time (issue 12): a worker outside the platform announces a type the command API
 * was never compiled with; once the catalog projected it, submissions of that type are validated against its
 * JSON Schema (422 with JSON pointers when they do not match), an unknown type is a 422 naming the known ones,
 * an incompatible new version is refused with the reason, and GET /v1/job-types (query API) shows the type,
 * its versions and the worker serving it with its last-seen time. The whole platform runs in this process on
 * a topic prefix of its own; the announcer has its own producer, as a worker in another process would.
 */
import { z } from 'zod';
import type { Producer } from 'kafkajs';
import { catalogEventSchemas } from '@conveyor/events';
import { builtinJobTypes, createJobTypeRegistry, defineJobType, noop } from '@conveyor/job-types';
import { startProcessors } from '@conveyor/processors';
import { loadConfig as loadProcessorsConfig } from '@conveyor/processors/config';
import { catalogOverHttp, createJobTypeAnnouncer, describeJobType, JobTypeRefusedError, type JobTypeAnnouncer } from '@conveyor/job-types/catalog';
import { createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, topicNames, type EventSerde } from '@conveyor/kafka';
import { createLogger, createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, testSecretsEnv, uniqueName, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'job-type-catalog-test', level: 'warn' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'job-type-catalog-test', logger });

const invoiceType = uniqueName('invoice.send');
/** The invoice type as a worker of this test defines it, with one payload schema or another. */
const invoiceWith = (payload: z.ZodType) => defineJobType({
  type: invoiceType, description: 'Sends an invoice by e-mail', sideEffects: true, defaults: { maxAttempts: 5 }, payload, run: async () => ({ sent: true }),
});
const invoiceV1 = invoiceWith(z.object({ to: z.email(), amount: z.number().int().min(1), currency: z.enum(['EUR', 'USD']).default('EUR'), note: z.string().optional() }));

interface CatalogItem {
  type: string; version: number; queue: string;
  versions: Array<{ version: number; queue: string }>;
  workers: Array<{ workerId: string; host: string; queues: string[]; lastSeenAt: string }>;
  lastSeenAt: string | null;
}

describe('job types registered at run time', () => {
  let platform: InProcessPlatform;
  let producer: Producer;
  let serde: EventSerde;
  let pool: Pool;
  const announcers: JobTypeAnnouncer[] = [];
  const workerId = uniqueName('billing-worker');

  const headers = () => ({ authorization: `Bearer ${platform.apiKey}`, 'content-type': 'application/json' });
  const submit = async (body: unknown) => {
    const res = await fetch(`${platform.commandApi}/v1/jobs`, { method: 'POST', headers: headers(), body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { jobId?: string; detail?: string; errors?: Array<{ path: string; message: string }> } };
  };
  const catalog = async (): Promise<CatalogItem[]> => {
    const res = await fetch(`${platform.queryApi}/v1/job-types`, { headers: headers() });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: CatalogItem[] }).items;
  };
  const itemOf = async (type: string) => (await catalog()).find((i) => i.type === type);
  /** A worker of its own: its producer is shared, its announcer checks against the catalog over HTTP unless told not to. */
  const announcerFor = (id: string, options: { check?: boolean } = {}) => {
    const publisher = createBatchingPublisher({ producer });
    const announcer = createJobTypeAnnouncer({
      publish: (messages) => publisher.publish(messages), serde, topic: topicNames(platform.topicPrefix).adminEvents, workerId: id, host: 'billing-host-1',
      ...(options.check === false ? {} : { catalog: catalogOverHttp({ queryApiUrl: platform.queryApi, apiKey: platform.apiKey }) }),
      heartbeatIntervalMs: 3_600_000,
    });
    announcers.push(announcer);
    return announcer;
  };

  beforeAll(async () => {
    // The command API reads the catalog again every half second, so a new version is in effect soon after it is projected.
    platform = await startInProcessPlatform({ endpoints, logger, env: { JOB_TYPE_CATALOG_REFRESH_MS: '500' } });
    pool = createPgPool({ url: endpoints.databaseUrl, name: 'job-type-catalog-test' });
    serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic: topicNames(platform.topicPrefix).adminEvents, schemas: catalogEventSchemas });
    await serde.registerAll();
    producer = createIdempotentProducer(kafka);
    await producer.connect();
    await announcerFor(workerId).announce([describeJobType(invoiceV1, { queue: 'billing' })]);
    await waitFor(async () => (await itemOf(invoiceType))?.workers.length === 1, { what: `${invoiceType} in the catalog` });
  });

  afterAll(async () => {
    await Promise.all(announcers.map((a) => a.stop()));
    await producer?.disconnect();
    await pool?.end();
    await platform?.stop();
  });

  it('accepts a submission of an announced type the command API was not compiled with, its schema defaults applied', async () => {
    const answer = await submit({ type: invoiceType, payload: { to: 'ada@example.test', amount: 120 } });
    expect(answer.status).toBe(202);
    const job = await waitFor(async () => {
      const r = await pool.query<{ payload: unknown; max_attempts: number }>('select payload, max_attempts from jobs where job_id = $1', [answer.body.jobId]);
      return r.rows[0];
    }, { what: 'the submitted job in the read model' });
    expect(job).toEqual({ payload: { to: 'ada@example.test', amount: 120, currency: 'EUR' }, max_attempts: 5 });
  });

  it('refuses a payload its catalog schema rejects with 422 and a field error at each JSON pointer', async () => {
    const answer = await submit({ type: invoiceType, payload: { to: 'not-an-address', amount: 0, currency: 'GBP' } });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toBe(`the payload does not match job type "${invoiceType}"`);
    expect(answer.body.errors).toEqual([
      { path: '/payload/to', message: 'must match format "email"' },
      { path: '/payload/amount', message: 'must be >= 1' },
      { path: '/payload/currency', message: 'must be one of "EUR", "USD"' },
    ]);
    const missing = await submit({ type: invoiceType, payload: { amount: 5 } });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ path: '/payload/to', message: 'Required' }]);
  });

  it('refuses an unknown type with 422 naming the known ones, the announced type and the built-in ones', async () => {
    const answer = await submit({ type: 'invoice.sned', payload: {} });
    expect(answer.status).toBe(422);
    expect(answer.body.detail).toContain('unknown job type "invoice.sned"; known types: ');
    expect(answer.body.detail).toContain(invoiceType);
    expect(answer.body.detail).toContain('noop');
    expect(answer.body.errors).toEqual([{ path: '/type', message: answer.body.detail }]);
  });

  it('validates a schedule\'s job template against the catalog in the same way', async () => {
    const res = await fetch(`${platform.commandApi}/v1/schedules`, {
      method: 'POST', headers: headers(),
      body: JSON.stringify({ name: uniqueName('invoices'), cron: '0 9 * * *', jobTemplate: { type: invoiceType, payload: { to: 'ada@example.test', amount: 'ten' } } }),
    });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { errors: unknown[] }).errors).toEqual([{ path: '/jobTemplate/payload/amount', message: 'must be integer' }]);
  });

  it('refuses a new version that is not backward compatible, with the reason, and publishes nothing', async () => {
    const v2 = invoiceWith(z.object({ to: z.email(), amount: z.number().int().min(1), note: z.string() }));
    const announcing = announcerFor(uniqueName('billing-worker')).announce([describeJobType(v2, { queue: 'billing', version: 2 })]);
    await expect(announcing).rejects.toThrow(JobTypeRefusedError);
    await expect(announcing).rejects.toThrow(
      `the job-type catalog refuses a registration: job type ${invoiceType} version 2 is not backward compatible with version 1: /note: became required. Payloads accepted before must stay valid`,
    );
    expect((await itemOf(invoiceType))?.versions.map((v) => v.version)).toEqual([1]);
  });

  it('given a registration that skipped the check, then the projection refuses it too and records why', async () => {
    const sneaky = uniqueName('sneaky-worker');
    const v2 = invoiceWith(z.object({ to: z.email(), amount: z.string() }));
    await announcerFor(sneaky, { check: false }).announce([describeJobType(v2, { queue: 'billing', version: 2 })]);
    const refusal = await waitFor(async () => (await pool.query<{ reason: string }>('select reason from job_type_refusals where worker_id = $1', [sneaky])).rows[0], { what: 'the refusal' });
    expect(refusal.reason).toContain(`job type ${invoiceType} version 2 is not backward compatible with version 1: /amount: type changed from integer to string`);
    // Its WorkerSeen (keyed by worker id, on another partition maybe) is projected too: the refusal stops the version, not the worker.
    await waitFor(async () => (await itemOf(invoiceType))?.workers.some((w) => w.workerId === sneaky), { what: 'the sneaky worker' });
    expect((await itemOf(invoiceType))?.versions.map((v) => v.version)).toEqual([1]);
  });

  it('registers a compatible new version beside the first; submissions follow the latest schema', async () => {
    const v3 = invoiceWith(z.object({ to: z.email(), amount: z.number().min(1), currency: z.enum(['EUR', 'USD', 'GBP']).default('EUR'), note: z.string().optional() }));
    await announcerFor(uniqueName('billing-worker')).announce([describeJobType(v3, { queue: 'billing', version: 2 })]);
    await waitFor(async () => (await itemOf(invoiceType))?.version === 2, { what: 'version 2 in the catalog' });
    expect((await itemOf(invoiceType))?.versions.map((v) => v.version)).toEqual([2, 1]);
    const answer = await waitFor(async () => {
      const a = await submit({ type: invoiceType, payload: { to: 'ada@example.test', amount: 9.5, currency: 'GBP' } });
      return a.status === 202 ? a : undefined;
    }, { what: 'a submission valid under version 2 accepted (the command API reads the catalog again within JOB_TYPE_CATALOG_REFRESH_MS)' });
    expect(answer.body.jobId).toEqual(expect.any(String));
  });

  it('lists the type with its queue and the worker serving it, whose last-seen time moves with its heartbeat', async () => {
    const before = await itemOf(invoiceType);
    const worker = before?.workers.find((w) => w.workerId === workerId);
    expect(worker).toEqual({ workerId, host: 'billing-host-1', queues: ['billing'], lastSeenAt: expect.any(String) });
    expect(before?.queue).toBe('billing');
    await announcers[0]?.heartbeat();
    await waitFor(async () => {
      const seen = (await itemOf(invoiceType))?.workers.find((w) => w.workerId === workerId)?.lastSeenAt;
      return seen !== undefined && Date.parse(seen) > Date.parse(worker?.lastSeenAt ?? '');
    }, { what: 'a later lastSeenAt after the heartbeat' });
    // The processors announced the built-in types they run, with themselves as the worker.
    const noop = await itemOf('noop');
    expect(noop).toMatchObject({ type: 'noop', version: 1, queue: 'default' });
    expect(noop?.workers).toHaveLength(1);
  });

  it('given a built-in type changed without a new version, then processors announcing it fail to start with the reason', async () => {
    const changedNoop = defineJobType({ ...noop, payload: z.object({ label: z.string() }) });
    const config = loadProcessorsConfig({
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
      TOPIC_PREFIX: platform.topicPrefix, PROCESSOR_ROLES: 'executor', LOG_LEVEL: 'silent', ...testSecretsEnv,
    });
    const starting = startProcessors(config, {
      logger, metricsPort: null, registry: createJobTypeRegistry([...builtinJobTypes.filter((t) => t.type !== 'noop'), changedNoop]),
      groupIds: { executor: uniqueName('executor'), cancelWatch: uniqueName('cancel-watch') },
    });
    await expect(starting).rejects.toThrow('job type noop version 1 is registered with another payload schema; announce the change as version 2');
  });
});
