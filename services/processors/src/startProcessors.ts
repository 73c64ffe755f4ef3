import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import Koa from 'koa';
import { type ConsumerRunnerHealth, createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, applyTopicCatalog, kafkaConnection, resolveCatalog, topicNames } from '@conveyor/kafka';
import { catalogEventSchemas, deadLetterSchemas, identityEventSchemas, jobEventSchemas, queueEventSchemas, scheduleEventSchemas, webhookEventSchemas } from '@conveyor/events';
import { createJobTypeRegistry, type JobTypeRegistry } from '@conveyor/job-types';
import { announceJobTypes, createJobPublisher, createWorkSerdes, queuesOf, queueGroupId, runWorker } from '@conveyor/worker/engine';
import { createSecretBox, secretKeyRingOf } from '@conveyor/job-types/secrets';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createLogger, createMetrics, createPgPool, listen, operationalRoutes, startTracing, type Logger } from '@conveyor/runtime';
import { consumerGroups, type Config, type ConsumerGroups } from './config';
import { startDeadLetterProjector } from './deadLetters';
import { startDispatcher } from './dispatcher/createDispatcher';
import { createHandlerPorts } from './handlers/createHandlerPorts';
import { watchConsumerLag } from './kafka/watchConsumerLag';
import { startProjector } from './projections';
import { startScheduler } from './scheduler';
import { startIdentityProjector } from './identity/startIdentityProjector';
import { startJobTypesProjector } from './jobTypes/startJobTypesProjector';
import { startQueueStatesProjector } from './queues/startQueueStatesProjector';
import { startReplayRunner } from './replay/startReplayRunner';
import { startWebhooks } from './webhooks';

/** What tests (or an embedding process) may replace. */
export interface ProcessorOverrides {
  logger?: Logger;
  registry?: JobTypeRegistry;
  /** Consumer groups; tests use unique ones. */
  groupIds?: Partial<ConsumerGroups>;
  /** null: no metrics server (tests). */
  metricsPort?: number | null;
  /** Start the process-wide tracing SDK here; default true. False when the caller (runService) started it. */
  tracing?: boolean;
}

export interface Processors {
  workerId: string;
  /** Stops every role and closes every connection. `drain: false` abandons running attempts as a crash would. */
  stop(options?: { drain?: boolean }): Promise<void>;
}

let stopTracing: (() => Promise<void>) | undefined;

/**
 * Starts the roles of `config.PROCESSOR_ROLES` in this process (composition root, public):
 * 1. logger, tracing; 2. Postgres (database, migrations); 3. Kafka (topic catalog, schemas,
 * producer); 4. the roles; 5. the metrics server (/healthz, /readyz, /metrics).
 */
export async function startProcessors(config: Config, overrides: ProcessorOverrides = {}): Promise<Processors> {
  // 1. Logs and traces. The tracing SDK is process-wide: started once even when tests start several instances.
  const logger = overrides.logger ?? createLogger({ service: 'processors', level: config.LOG_LEVEL });
  if (overrides.tracing !== false) stopTracing ??= startTracing({ service: 'processors', otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
  const metrics = createMetrics('processors');
  const workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const roles = new Set(config.PROCESSOR_ROLES);
  const closers: Array<[string, () => Promise<unknown>]> = [];
  /** Each role's consumer membership: readiness is false while one has crashed and not rejoined. */
  const memberships: Array<() => ConsumerRunnerHealth> = [];
  /** The roles stop together (each only waits for its own consumer), before the connections they use close. */
  const roleStops: Array<[string, (options: { drain?: boolean }) => Promise<unknown>]> = [];
  const stopRoles = (options: { drain?: boolean }) => Promise.all(roleStops.map(async ([name, stop]) => {
    const started = Date.now();
    await stop(options).catch((err: unknown) => logger.error({ err, role: name }, 'error while stopping'));
    logger.debug({ role: name, ms: Date.now() - started }, 'stopped');
  }));
  const closeAll = async () => {
    for (const [name, close] of closers.reverse()) {
      const started = Date.now();
      await close().catch((err: unknown) => logger.error({ err, closer: name }, 'error while closing'));
      logger.debug({ closer: name, ms: Date.now() - started }, 'closed');
    }
  };

  try {
    // 2. Postgres: the database, then the migrations (read models, dispatch tables).
    await ensureDatabase(config.DATABASE_URL);
    const pool = createPgPool({ url: config.DATABASE_URL, name: 'conveyor-processors', max: config.PG_POOL_MAX });
    closers.push(['postgres', () => pool.end()]);
    const applied = await migrate(pool);
    if (applied.length) logger.info({ applied }, 'migrations applied');

    // 3. Kafka: topics, schemas, idempotent producers behind batching publishers.
    const topics = topicNames(config.TOPIC_PREFIX);
    const kafka = createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: `conveyor-processors-${workerId}`, logger });
    const admin = kafka.admin();
    await admin.connect();
    closers.push(['kafka admin', () => admin.disconnect()]);
    await applyTopicCatalog(admin, resolveCatalog({ prefix: config.TOPIC_PREFIX }));
    const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.jobEvents, schemas: jobEventSchemas });
    const workSerdes = createWorkSerdes({ registryUrl: config.SCHEMA_REGISTRY_URL, topicPrefix: config.TOPIC_PREFIX, admin });
    const deadLetterSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.deadLetters, schemas: deadLetterSchemas });
    /** A serde of the admin log for one family of its events, their schemas registered. */
    const adminSerdeOf = async (schemas: Parameters<typeof createEventSerde>[0]['schemas']) => {
      const adminSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.adminEvents, schemas });
      await adminSerde.registerAll();
      return adminSerde;
    };
    await serde.registerAll();
    await workSerdes.registerAll();
    await deadLetterSerde.registerAll();
    // One idempotent producer (one request in flight, so its batches stay in order) per publishing role:
    // the executor's events do not queue behind the dispatcher's work items (docs/performance.md). A job's
    // events keep their order: JobStarted, the outcome and its dead letter all go through the executor's.
    const openPublisher = async (name: string) => {
      const producer = createIdempotentProducer(kafka);
      await producer.connect();
      closers.push([`${name} producer`, () => producer.disconnect()]);
      const publisher = createBatchingPublisher({
        producer,
        onAcked: (counts, batch) => {
          counts.forEach((n, topic) => metrics.kafkaProduced.inc({ topic }, n));
          metrics.kafkaProduceDuration.observe(batch.durationMs / 1000);
          metrics.kafkaProduceBatchMessages.observe(batch.messages);
        },
      });
      closers.push([`${name} publisher`, () => publisher.drain()]);
      const jobPublisher = createJobPublisher({ publisher, serde, workSerdes, deadLetterSerde, topics });
      // Every dead letter (a job's or a poison message's) is counted once acknowledged (issue 17).
      const publishDeadLetters = async (letters: Parameters<typeof jobPublisher.publishDeadLetters>[0]) => {
        await jobPublisher.publishDeadLetters(letters);
        for (const l of letters) metrics.deadLetters.inc({ type: l.type ?? 'none', cause: l.cause });
      };
      return { ...jobPublisher, publishDeadLetters, publish: publisher.publish };
    };
    const jobs = await openPublisher('shared');

    // 4. The roles.
    // Default group ids carry TOPIC_PREFIX: instances on other prefixes never join each other's groups.
    const groups: ConsumerGroups = { ...consumerGroups(config), ...overrides.groupIds };
    const lagGroups: Array<{ groupId: string; topics: string[] }> = [];
    if (roles.has('projector')) {
      const projector = await startProjector({
        kafka, pool, serde, topics, logger, metrics, groupId: groups.projector, publishDeadLetters: jobs.publishDeadLetters,
        partitionsConsumedConcurrently: config.PROJECTOR_PARTITIONS_CONCURRENTLY,
      });
      roleStops.push(['projector', () => projector.stop()]);
      memberships.push(projector.health);
      lagGroups.push({ groupId: groups.projector, topics: [topics.jobEvents] });
      const deadLetters = await startDeadLetterProjector({
        kafka, pool, deadLetterSerde, jobEventSerde: serde, topics, logger, metrics, groupId: groups.deadLetterProjector,
      });
      roleStops.push(['dead-letter projector', () => deadLetters.stop()]);
      memberships.push(deadLetters.health);
      lagGroups.push({ groupId: groups.deadLetterProjector, topics: [topics.deadLetters, topics.jobEvents] });
      // API keys and user roles: facts of the admin log, projected so the APIs can check credentials.
      const identitySerde = await adminSerdeOf(identityEventSchemas);
      const identity = await startIdentityProjector({ kafka, pool, adminSerde: identitySerde, topics, logger, metrics, groupId: groups.identityProjector });
      roleStops.push(['identity projector', () => identity.stop()]);
      lagGroups.push({ groupId: groups.identityProjector, topics: [topics.adminEvents] });
      // The job-type catalog: types the workers announced, their versions, and the workers serving them.
      const catalogSerde = await adminSerdeOf(catalogEventSchemas);
      const jobTypes = await startJobTypesProjector({ kafka, pool, adminSerde: catalogSerde, topics, logger, metrics, groupId: groups.jobTypesProjector });
      roleStops.push(['job-types projector', () => jobTypes.stop()]);
      lagGroups.push({ groupId: groups.jobTypesProjector, topics: [topics.adminEvents] });
      // Queue states: which queues are paused, for the APIs and the dashboard (the workers follow the events themselves).
      const queueSerde = await adminSerdeOf(queueEventSchemas);
      const queueStates = await startQueueStatesProjector({ kafka, pool, adminSerde: queueSerde, topics, logger, metrics, groupId: groups.queueStatesProjector });
      roleStops.push(['queue-states projector', () => queueStates.stop()]);
      lagGroups.push({ groupId: groups.queueStatesProjector, topics: [topics.adminEvents] });
    }
    if (roles.has('executor')) {
      const executorJobs = await openPublisher('executor');
      // The built-in job types run as one worker (the engine of @conveyor/worker), on the queues they name.
      const registry = overrides.registry ?? createJobTypeRegistry();
      const queues = queuesOf(registry.list());
      // The executor's job types join the catalog (the command API validates submissions against it); refused: no start.
      const announcements = await announceJobTypes({
        registryUrl: config.SCHEMA_REGISTRY_URL, adminTopic: topics.adminEvents, publish: executorJobs.publish, pool, jobTypes: registry.list(), workerId,
        heartbeatIntervalMs: config.CATALOG_HEARTBEAT_INTERVAL_MS, logger,
      });
      roleStops.push(['job-type announcements', () => announcements.stop()]);
      const executor = await runWorker({
        kafka, pool, databaseUrl: config.DATABASE_URL, workSerdes, topics, queues, publishEvents: executorJobs.publishEvents, publishDeadLetters: executorJobs.publishDeadLetters,
        registry, ports: createHandlerPorts({ pool, config }), workerId,
        secrets: createSecretBox(secretKeyRingOf(config)),
        concurrency: config.EXECUTOR_CONCURRENCY, queueCapacity: config.EXECUTOR_QUEUE_CAPACITY,
        defaultTimeoutMs: config.EXECUTOR_DEFAULT_TIMEOUT_MS, leaseMs: config.CLAIM_LEASE_MS, logger,
        // Running attempts drain until 5 s before the process's shutdown bound, which leaves time to commit and leave.
        drainTimeoutMs: Math.max(1_000, config.SHUTDOWN_TIMEOUT_MS - 5_000), metrics, groupId: groups.executor,
        cancelGroupIdPrefix: groups.cancelWatch, queueWatchGroupIdPrefix: groups.queueWatch, limits: { perType: config.TYPE_CONCURRENCY, perKey: config.KEY_CONCURRENCY },
      });
      roleStops.push(['executor', (options) => executor.stop(options)]);
      memberships.push(executor.health);
      for (const q of queues) lagGroups.push({ groupId: queueGroupId(groups.executor, q), topics: Object.values(workSerdes.of(q).topics) });
    }
    if (roles.has('dispatcher')) {
      const dispatcher = await startDispatcher({
        kafka, pool, serde, topics, topicPrefix: config.TOPIC_PREFIX, databaseUrl: config.DATABASE_URL,
        publishWork: jobs.publishWork, publishDeadLetters: jobs.publishDeadLetters, logger, metrics, groupId: groups.dispatcher, timerIntervalMs: config.DISPATCHER_TIMER_INTERVAL_MS,
      });
      roleStops.push(['dispatcher', () => dispatcher.stop()]);
      memberships.push(dispatcher.health);
      lagGroups.push({ groupId: groups.dispatcher, topics: [topics.jobEvents] });
    }
    if (roles.has('scheduler')) {
      const adminSerde = await adminSerdeOf(scheduleEventSchemas);
      const scheduleGroup = groups.scheduleProjector;
      const scheduler = await startScheduler({ kafka, pool, jobSerde: serde, adminSerde, topics, logger, metrics, groupId: scheduleGroup });
      roleStops.push(['scheduler', () => scheduler.stop()]);
      lagGroups.push({ groupId: scheduleGroup, topics: [topics.adminEvents] });
    }
    if (roles.has('webhooks')) {
      // Signed webhooks (issue 12): deliveries are webhook.deliver jobs, run by the executor like any job.
      const webhookSerde = await adminSerdeOf(webhookEventSchemas);
      const webhooks = await startWebhooks({
        kafka, pool, jobSerde: serde, adminSerde: webhookSerde, topics, publishEvents: jobs.publishEvents, logger, metrics,
        policy: {
          maxAttempts: config.WEBHOOK_MAX_ATTEMPTS, timeoutMs: config.WEBHOOK_TIMEOUT_MS,
          backoff: { kind: 'exponential', delayMs: config.WEBHOOK_BACKOFF_MS, maxDelayMs: Math.max(config.WEBHOOK_BACKOFF_MS, config.WEBHOOK_MAX_BACKOFF_MS) },
        },
        groups: { subscriptions: groups.webhookSubscriptions, deliveries: groups.webhookDeliveries, planner: groups.webhookPlanner },
      });
      roleStops.push(['webhooks', () => webhooks.stop()]);
      memberships.push(...webhooks.health);
      lagGroups.push(
        { groupId: groups.webhookSubscriptions, topics: [topics.adminEvents] },
        { groupId: groups.webhookDeliveries, topics: [topics.jobEvents] },
        { groupId: groups.webhookPlanner, topics: [topics.jobEvents] },
      );
    }
    if (roles.has('replay')) {
      // Runs requested through POST /v1/admin/replays (rebuild, redrive, as-of), one at a time.
      const replay = await startReplayRunner({ logger, pool, kafka, workerId, config });
      roleStops.push(['replay', () => replay.stop()]);
    }
    const stopLag = watchConsumerLag({ admin, metrics, logger, groups: lagGroups });
    closers.push(['consumer lag', stopLag]);

    // 5. Operational endpoints.
    if (overrides.metricsPort !== null) {
      const app = new Koa();
      app.use(operationalRoutes({
        registry: metrics.registry,
        checks: [
          { name: 'postgres', check: () => pool.query('select 1') },
          { name: 'kafka', check: () => admin.describeCluster() },
          {
            name: 'consumers',
            check: async () => {
              const out = memberships.map((m) => m()).filter((h) => !h.joined);
              if (out.length) throw new Error(`not in their groups: ${out.map((h) => `${h.groupId} (${h.lastError ?? 'joining'})`).join(', ')}`);
            },
          },
        ],
      }));
      const server = await listen(app, { port: overrides.metricsPort ?? config.METRICS_PORT });
      closers.push(['metrics server', () => server.close()]);
    }
    logger.info({ roles: [...roles], workerId, topicPrefix: config.TOPIC_PREFIX }, 'processors started');

    let stopped: Promise<void> | undefined;
    return {
      workerId,
      stop(options = {}) {
        stopped ??= (async () => {
          await stopRoles(options);
          await closeAll();
        })();
        return stopped;
      },
    };
  } catch (err) {
    await stopRoles({ drain: false });
    await closeAll();
    throw err;
  }
}
