/**
 * Direct dispatch (issue 13, the hot path): the command API publishes a runnable submission's first work
 * item in the JobSubmitted's own Kafka transaction, so the executor runs it without the dispatcher; a job due
 * later still waits for the dispatcher's timer, and the dispatcher never publishes a flagged item again.
 */
import { createKafka } from '@conveyor/kafka';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, readTopicToEnd, stackEndpoints, testApiKey, testSecretsEnv, waitFor } from '@conveyor/testing';
import { loadConfig as loadCommandConfig } from '@conveyor/command-api/config';
import { startCommandApi, type CommandApi } from '@conveyor/command-api';
import { consumerGroups } from '../src/config';
import { startProcessors, type Processors } from '../src/startProcessors';
import { createSemanticsHarness, type SemanticsHarness } from './jobSemanticsHarness';

const endpoints = stackEndpoints();
const logger = createLogger({ service: 'direct-dispatch-test', level: 'error' });
const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: 'direct-dispatch-test', logger });

describe('direct dispatch: the command API publishes a runnable job\'s first work item itself', () => {
  let h: SemanticsHarness;
  let command: CommandApi;
  let dispatcher: Processors | undefined;

  beforeAll(async () => {
    // The executor alone: no dispatcher publishes work until a test starts one.
    h = await createSemanticsHarness({ PROCESSOR_ROLES: 'executor' });
    await h.start();
    const env = {
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: endpoints.registryUrl, DATABASE_URL: endpoints.databaseUrl,
      TOPIC_PREFIX: h.prefix, LOG_LEVEL: 'error', AUTH_BOOTSTRAP_API_KEY: testApiKey, RATE_LIMIT_ENABLED: 'false', DIRECT_DISPATCH: 'true', ...testSecretsEnv,
    };
    command = await startCommandApi({ ...loadCommandConfig(env), PORT: 0 }, { logger, metricsPort: null });
  });
  afterAll(async () => {
    await command?.close();
    await dispatcher?.stop();
    await h?.close();
  });

  const submit = async (body: object): Promise<string> => {
    const res = await fetch(`${command.url}/v1/jobs`, { method: 'POST', headers: { ...authHeaders(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { jobId: string }).jobId;
  };
  const startDispatcher = async () => {
    dispatcher ??= await startProcessors({ ...h.config, PROCESSOR_ROLES: ['dispatcher'] }, { logger, metricsPort: null });
  };
  /** The work items on the default queue's work topics keyed by the job (its concurrency key is none). */
  const workItemsOf = async (jobId: string) =>
    (await readTopicToEnd(kafka, Object.values(h.topics.work))).filter((r) => r.message.key?.toString() === jobId);

  it('without a dispatcher, runs a job submitted for now to JobSucceeded; a job with a future runAt waits until the dispatcher runs', async () => {
    const runAt = Date.now() + 1_500;
    const later = await submit({ type: 'noop', payload: {}, runAt: new Date(runAt).toISOString() });
    const now = await submit({ type: 'noop', payload: {} });

    await waitFor(() => h.of(now, 'JobSucceeded')[0], { timeoutMs: 30_000, what: 'the job submitted for now to succeed without the dispatcher' });
    expect(h.of(now, 'JobSubmitted')[0]?.data).toMatchObject({ workItemPublished: true });
    expect(h.of(later, 'JobSubmitted')[0]?.data).toMatchObject({ workItemPublished: false });
    // Past its runAt, the later job still has not started: its work item is the dispatcher's timer's to publish.
    await waitFor(() => Date.now() > runAt + 1_000 || undefined, { what: 'the later job\'s runAt to pass' });
    expect(h.of(later).map((e) => e.type)).toEqual(['JobSubmitted']);
    expect(await workItemsOf(later)).toHaveLength(0);

    await startDispatcher();
    await waitFor(() => h.of(later, 'JobSucceeded')[0], { timeoutMs: 30_000, what: 'the later job to succeed once the dispatcher runs' });
    expect(await workItemsOf(later)).toHaveLength(1);
  });

  it('the dispatcher remembers a directly dispatched submission but publishes no second work item for it', async () => {
    await startDispatcher();
    const jobId = await submit({ type: 'noop', payload: { n: 1 } });
    const succeeded = await waitFor(() => h.of(jobId, 'JobSucceeded')[0], { timeoutMs: 30_000, what: 'the job to succeed' });
    // The dispatcher has consumed the job's events up to its JobSucceeded: had it published, it would have by then.
    const admin = kafka.admin();
    await admin.connect();
    try {
      await waitFor(async () => {
        const [committed] = await admin.fetchOffsets({ groupId: consumerGroups(h.config).dispatcher, topics: [h.topics.jobEvents] });
        const at = committed?.partitions.find((p) => p.partition === succeeded.partition)?.offset;
        return at !== undefined && BigInt(at) > BigInt(succeeded.offset) ? true : undefined;
      }, { timeoutMs: 30_000, what: 'the dispatcher to consume past the JobSucceeded' });
    } finally {
      await admin.disconnect();
    }
    expect(h.of(jobId, 'JobSubmitted')[0]?.data).toMatchObject({ workItemPublished: true });
    expect(await workItemsOf(jobId)).toHaveLength(1);
    expect(h.of(jobId, 'JobStarted')).toHaveLength(1);
  });
});
