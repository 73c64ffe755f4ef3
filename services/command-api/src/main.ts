import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Counter } from 'prom-client';
import { createJobTypeRegistry } from '@conveyor/job-types';
import { deadLetterSchemas, identityEventSchemas, jobEventSchemas, queueEventSchemas, scheduleEventSchemas, webhookEventSchemas } from '@conveyor/events';
import {
  applyTopicCatalog, createEventSerde, createIdempotentProducer, createKafka, createTransactionalSender, defaultQueue, kafkaConnection, resolveCatalog, topicNames,
} from '@conveyor/kafka';
import { createWorkSerdes } from '@conveyor/worker/engine';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import type { Admin } from 'kafkajs';
import { createMetrics, createPgPool, listenApi, runService, withTimeout, type Logger } from '@conveyor/runtime';
import { createApiAuthentication } from '@conveyor/auth';
import { createRateLimiter } from '@conveyor/rate-limit';
import { createApp } from './app';
import { createEgressPolicy, egressSettingsOf } from '@conveyor/job-types/egress';
import { createSecretBox, secretKeyRingOf } from '@conveyor/job-types/secrets';
import { loadConfig, type Config } from './config';
import { createIdempotency } from './jobs/idempotency';
import { createJobEventPublisher } from './jobs/jobEventPublisher';
import { createDirectDispatch } from './jobs/createDirectDispatch';
import { createWorkTopicReadiness } from './kafka/createWorkTopicReadiness';
import { createJobTypeCatalog } from './jobs/createJobTypeCatalog';
import { createJobService } from './jobs/jobService';
import { createJobStateStore } from './jobs/jobStateStore';
import { createPositionedPublisher } from './kafka/createPositionedPublisher';
import { createOwnWrites } from './positions/createOwnWrites';
import { createProjectionProgress } from './positions/createProjectionProgress';
import { createAdminEventPublisher, createScheduleService, createScheduleStateStore, scheduleRoutes } from './schedules';
import { createDeadLetterService, createDeadLetterStore, createDiscardPublisher, deadLetterRoutes } from './deadLetters';
import { adminReplayRoutes, createReplayRunStore, createReplayService } from './admin';
import { createIdentityService, identityRoutes } from './identity';
import { createWebhookEventPublisher, createWebhookService, createWebhookStateStore, webhookRoutes } from './webhooks';
import { createQueueService, queueRoutes } from './queues';

const service = 'command-api';

export interface StartOptions {
  logger: Logger;
  /** The clock of every command, in milliseconds since the epoch. */
  now?: () => number;
  isShuttingDown?: () => boolean;
  /** Port of the /metrics server: default METRICS_PORT, 0 for any, null for none (tests). */
  metricsPort?: number | null;
}

/** A running command API: where it listens, its metrics, and how to stop it. */
export interface CommandApi {
  url: string;
  port: number;
  metrics: ReturnType<typeof createMetrics>;
  /** Where /metrics is served (its own port), unless started without it. */
  metricsUrl?: string;
  close: () => Promise<void>;
}

/**
 * Opens every connection and serves the command API (public; tests start it in-process with their own
 * TOPIC_PREFIX and PORT 0). Resolves once it listens; `close` stops it in reverse order.
 */
export async function startCommandApi(config: Config, options: StartOptions): Promise<CommandApi> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const closers: Array<() => Promise<unknown>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch((err: unknown) => logger.error({ err }, 'error while closing'));
  };
  try {
    // 4. Postgres: create the database if needed and apply the migrations (idempotency keys, the jobs read model).
    // Every statement bounded (issue 11): a slow one answers 503 instead of holding a connection.
    const pool = createPgPool({
      url: config.DATABASE_URL, name: service,
      statementTimeoutMs: config.PG_STATEMENT_TIMEOUT_MS, idleInTransactionTimeoutMs: config.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    });
    closers.push(() => pool.end());
    await ensureDatabase(config.DATABASE_URL);
    await migrate(pool);

    // 5. Kafka: the topic catalog under our prefix, the producer (transactional with direct dispatch), the event schemas in the registry.
    const names = topicNames(config.TOPIC_PREFIX);
    const kafka = createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: service, logger });
    const admin = kafka.admin();
    await admin.connect();
    const partitionCounts = new Map<string, number>();
    try {
      await applyTopicCatalog(admin, resolveCatalog({ prefix: config.TOPIC_PREFIX }));
      // The partition counts locate each acknowledged message (its Conveyor-Position).
      const { topics } = await admin.fetchTopicMetadata({ topics: [names.jobEvents, names.adminEvents, names.deadLetters] });
      for (const t of topics) partitionCounts.set(t.name, t.partitions.length);
    } finally {
      await admin.disconnect();
    }
    // With direct dispatch every batch is one transaction: a submission and its first work item, both or neither.
    const producer = config.DIRECT_DISPATCH
      ? createTransactionalSender({ kafka, transactionalId: transactionalIdOf(config), transactionTimeoutMs: config.KAFKA_TRANSACTION_TIMEOUT_MS, logger })
      : createIdempotentProducer(kafka);
    await producer.connect();
    closers.push(() => producer.disconnect());
    // A connection of its own for readiness: kafkajs reconnects it on the next call once the broker is back.
    const probe = kafka.admin();
    await probe.connect();
    closers.push(() => probe.disconnect());
    const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.jobEvents, schemas: jobEventSchemas });
    await serde.registerAll();
    const adminSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.adminEvents, schemas: scheduleEventSchemas });
    await adminSerde.registerAll();
    const identitySerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.adminEvents, schemas: identityEventSchemas });
    await identitySerde.registerAll();
    const webhookSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.adminEvents, schemas: webhookEventSchemas });
    await webhookSerde.registerAll();
    const queueSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.adminEvents, schemas: queueEventSchemas });
    await queueSerde.registerAll();
    const deadLetterSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: names.deadLetters, schemas: deadLetterSchemas });
    await deadLetterSerde.registerAll();
    // Direct dispatch writes work items: the work topics' subjects, the default queue's at once, another's once its topics exist.
    let directDispatch: ReturnType<typeof createDirectDispatch> | undefined;
    if (config.DIRECT_DISPATCH) {
      const workSerdes = createWorkSerdes({ registryUrl: config.SCHEMA_REGISTRY_URL, topicPrefix: config.TOPIC_PREFIX });
      const readiness = createWorkTopicReadiness({ listTopics: () => probe.listTopics(), workSerdes, logger });
      if (!(await readiness.ready(defaultQueue))) throw new Error('the default queue\'s work topics are not ready');
      directDispatch = createDirectDispatch({ readiness, workSerdes, now });
    }

    // 6. The batching publisher: concurrent requests share one acks=all sendBatch; each learns its messages' positions.
    const metrics = createMetrics(service);
    const batches = new Counter({ name: 'kafka_produce_batches_total', help: 'sendBatch calls acknowledged by Kafka', registers: [metrics.registry] });
    const publisher = createPositionedPublisher({
      producer,
      partitionCounts,
      lingerMs: config.LINGER_MS,
      maxQueuedMessages: config.PUBLISH_QUEUE_MAX_MESSAGES,
      onAcked: (counts, batch) => {
        batches.inc();
        metrics.kafkaProduceDuration.observe(batch.durationMs / 1000);
        metrics.kafkaProduceBatchMessages.observe(batch.messages);
        for (const [topic, n] of counts) metrics.kafkaProduced.inc({ topic }, n);
      },
    });
    closers.push(() => publisher.drain());

    // 7. The application: each feature's service over the publisher and its read model; the routes take the services.
    // The compiled types and those workers registered at run time (the catalog read model), validated at submit.
    const jobTypes = createJobTypeCatalog({
      pool, adminTopic: names.adminEvents, compiled: createJobTypeRegistry(), refreshMs: config.JOB_TYPE_CATALOG_REFRESH_MS, logger,
    });
    // Read your own writes: one memory of this process's last write per entity, waited for before a command reads state.
    const ownWrites = createOwnWrites({ progress: createProjectionProgress({ pool }), maxWaitMs: config.OWN_WRITE_WAIT_MS });
    const jobEvents = createJobEventPublisher({ serde, publisher, topic: names.jobEvents, timeoutMs: config.PUBLISH_TIMEOUT_MS, directDispatch });
    const secrets = createSecretBox(secretKeyRingOf(config));
    const jobs = createJobService({
      jobTypes,
      secrets,
      events: jobEvents,
      jobStates: createJobStateStore({ pool }),
      idempotency: createIdempotency({ pool, now, waitMs: config.IDEMPOTENCY_WAIT_MS, abandonedAfterMs: 3 * config.PUBLISH_TIMEOUT_MS }),
      now,
      ownWrites,
    });
    const publishAdminEvents = createAdminEventPublisher({ serde: adminSerde, publisher, topic: names.adminEvents, timeoutMs: config.PUBLISH_TIMEOUT_MS });
    const deadLetters = createDeadLetterService({
      store: createDeadLetterStore({ pool }), now,
      publishJobEvents: async (events) => void await jobEvents.publish(events),
      publishDiscards: createDiscardPublisher({ serde: deadLetterSerde, publisher, topic: names.deadLetters, timeoutMs: config.PUBLISH_TIMEOUT_MS }),
    });
    const scheduleStates = createScheduleStateStore({ pool });
    const schedules = createScheduleService({
      publishAdminEvents, states: scheduleStates, jobTypes, secrets, now, ownWrites,
      limits: {
        maxPerPrincipal: config.MAX_SCHEDULES_PER_PRINCIPAL, minIntervalSeconds: config.MIN_SCHEDULE_INTERVAL_SECONDS,
        countCreatedBy: (actor) => scheduleStates.countCreatedBy(actor, names.adminEvents),
      },
    });
    const replays = createReplayService({ runs: createReplayRunStore({ pool, quota: { maxSnapshots: config.ASOF_MAX_SNAPSHOTS } }), jobEventsTopic: names.jobEvents, now });
    const features = [
      scheduleRoutes({ service: schedules, bodyLimit: config.MAX_BODY_BYTES }),
      deadLetterRoutes({ service: deadLetters, bodyLimit: config.MAX_BODY_BYTES }),
      adminReplayRoutes({ service: replays }),
      queueRoutes({ bodyLimit: config.MAX_BODY_BYTES, service: createQueueService({ serde: queueSerde, publisher, topic: names.adminEvents, timeoutMs: config.PUBLISH_TIMEOUT_MS, now }) }),
      identityRoutes({
        bodyLimit: config.MAX_BODY_BYTES,
        service: createIdentityService({
          pool, serde: identitySerde, publisher, topic: names.adminEvents, publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
          progress: createProjectionProgress({ pool }), projectionWaitMs: config.KEY_PROJECTION_WAIT_MS, now,
        }),
      }),
      webhookRoutes({
        bodyLimit: config.MAX_BODY_BYTES,
        service: createWebhookService({
          publishAdminEvents: createWebhookEventPublisher({ serde: webhookSerde, publisher, topic: names.adminEvents, timeoutMs: config.PUBLISH_TIMEOUT_MS }),
          publishJobEvents: (events) => jobEvents.publish(events), states: createWebhookStateStore({ pool }),
          egress: createEgressPolicy(egressSettingsOf(config)), secrets, ownWrites, now,
        }),
      }),
    ];
    // Per-principal token buckets in Postgres, shared by every instance; they fail open when it is away.
    const limiter = createRateLimiter({
      pool, logger, registry: metrics.registry,
      settings: { enabled: config.RATE_LIMIT_ENABLED, policies: { submit: { perSecond: config.RATE_LIMIT_SUBMIT_PER_SECOND, burst: config.RATE_LIMIT_SUBMIT_BURST } } },
    });
    closers.push(async () => limiter.close());
    const app = createApp({
      config, logger, metrics, authenticator: createApiAuthentication(config, { pool }), jobTypes, jobs, features, limiter, isShuttingDown: options.isShuttingDown,
      checks: [
        // The broker answers, and the last send is not stuck: load balancers stop sending during an outage (issue 14).
        { name: 'kafka', check: () => checkKafka(probe, publisher, config.PUBLISH_TIMEOUT_MS) },
        { name: 'schema-registry', check: () => checkRegistry(config.SCHEMA_REGISTRY_URL) },
        { name: 'postgres', check: () => pool.query('select 1') },
      ],
    });

    // 8. Listen; closing stops accepting requests first, then drains the publisher, then disconnects.
    const api = await listenApi(app, {
      port: config.PORT, host: config.HOST, registry: metrics.registry,
      metricsPort: options.metricsPort === undefined ? config.METRICS_PORT : options.metricsPort,
    });
    closers.push(...api.closers);
    const { port, metricsUrl } = api;
    logger.info({ port, host: config.HOST, topic: names.jobEvents }, 'command-api listening');
    return { url: api.url, port, metrics, close, ...(metricsUrl ? { metricsUrl } : {}) };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * The transactional id of this process (direct dispatch): under the `conveyor-command-api` prefix the Kafka
 * user's ACL allows, unique per process (a restarted or second instance must not fence this one).
 */
function transactionalIdOf(config: Pick<Config, 'TOPIC_PREFIX'>): string {
  return `conveyor-command-api.${config.TOPIC_PREFIX}${hostname()}.${process.pid}.${randomBytes(4).toString('hex')}`;
}

/** Readiness of Kafka: the cluster answers within 2 s, and no send has waited past the publish timeout. */
async function checkKafka(probe: Admin, publisher: { inFlightForMs: number }, publishTimeoutMs: number): Promise<void> {
  if (publisher.inFlightForMs > publishTimeoutMs) throw new Error(`a send has waited ${Math.round(publisher.inFlightForMs)} ms for Kafka`);
  await withTimeout(probe.describeCluster(), 2_000, () => new Error('Kafka did not answer within 2000 ms'));
}

async function checkRegistry(url: string): Promise<void> {
  // The global config, not /subjects: listing every subject grows with the registry and outlasts the timeout.
  const res = await fetch(`${url.replace(/\/$/, '')}/config`, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`schema registry answered ${res.status}`);
}

/** The composition root: configuration, logs, traces, then the API, with shutdown on SIGTERM/SIGINT. */
export function main(): Promise<void> {
  return runService({ service, loadConfig: () => loadConfig(), start: (config, deps) => startCommandApi(config, deps) });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
