import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { NonRetriableError } from '@conveyor/errors';
import { deadLetterSchemas, jobEventSchemas } from '@conveyor/events';
import { abortableSleep, createJobTypeRegistry, type HandlerPorts, type JobTypeDefinition } from '@conveyor/job-types';
import { createSecretBox, secretKeyRingOf } from '@conveyor/job-types/secrets';
import { createBatchingPublisher, createEventSerde, createIdempotentProducer, createKafka, defaultQueue, kafkaConnection, topicNames } from '@conveyor/kafka';
import { ConfigError, createLogger, createMetrics, createPgPool, type Logger } from '@conveyor/runtime';
import type { ConcurrencyLimits } from './executor/createWorkScheduler';
import { announceJobTypes } from './catalog/announceJobTypes';
import { createJobPublisher } from './protocol/createJobPublisher';
import { createWorkSerdes } from './protocol/createWorkSerdes';
import { queuesOf } from './queuesOf';
import { runWorker, type WorkerEngine } from './runWorker';
import { loadWorkerConfig } from './workerConfig';

/** What `startWorker` takes; only `jobTypes` is required. */
export interface StartWorkerOptions {
  /** The job types this worker runs (`defineJobType`); names must be unique. */
  jobTypes: ReadonlyArray<JobTypeDefinition<any, unknown>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The queues served; default: every queue the job types name (`default` for a type that names none). */
  queues?: readonly string[];
  /** Attempts claimed or running at once in this process; default WORKER_CONCURRENCY (10). */
  concurrency?: number;
  /** Per-type limits (over the types' `defaults.concurrency`) and the per-concurrencyKey limit (default KEY_CONCURRENCY). */
  limits?: ConcurrencyLimits;
  /** Where the settings are read from; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** A pino logger; default one at LOG_LEVEL named `worker`. */
  logger?: Logger;
  /** The ports handlers receive; default: the global `fetch` and an abortable sleep (no read-model queries). */
  ports?: Partial<HandlerPorts>;
  /**
   * How long `stop()` waits for running attempts, in milliseconds; then they are aborted (they run again on
   * another worker once their claim is taken over). Default: until they finish.
   */
  drainTimeoutMs?: number;
}

/** A running worker. */
export interface Worker {
  /** Identifies this process in claims and in the JobStarted events of its attempts. */
  readonly workerId: string;
  /** The queues it serves. */
  readonly queues: readonly string[];
  /** Stops fetching, lets running attempts finish (drain), commits, and closes every connection. */
  stop(): Promise<void>;
}

/**
 * Runs the given job types in this process (public): the same engine as the platform's built-in
 * executor, so an attempt runs once (claims), times out or is cancelled through `ctx.signal`, is retried
 * with backoff or dead-lettered, honours priorities and per-key fairness, skips side effects on
 * replays, and is traced and counted. Steps: 1. settings (a ConfigError names every bad key, before any
 * connection); 2. Postgres and Kafka; 3. the job types announced to the catalog (a JobTypeRefusedError names
 * an incompatible new version; the worker then does not start) and heart-beats; 4. the engine on the queues served.
 */
export async function startWorker(options: StartWorkerOptions): Promise<Worker> {
  // 1. Settings and options, checked before anything connects.
  const config = loadWorkerConfig(options.env ?? process.env);
  const registry = createJobTypeRegistry(options.jobTypes);
  if (!options.jobTypes.length) throw new ConfigError(['jobTypes: at least one job type is needed']);
  const queues = queuesOf(options.jobTypes, options.queues);
  const logger = options.logger ?? createLogger({ service: 'worker', level: config.LOG_LEVEL });
  // Every worker of a queue must know every job type of it: an item of a type its worker does not know fails
  // for good (UNKNOWN_TYPE). The processors serve the built-in types on the default queue.
  if (queues.includes(defaultQueue)) {
    logger.warn({ queues }, 'this worker serves the default queue, with the processors\' built-in executor: it will be handed their job types too (and they yours); give your job types a queue of their own');
  }
  const workerId = config.WORKER_ID ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: unknown) => logger.warn({ err }, 'error while closing'));
  };

  try {
    // 2. Postgres (claims and outcomes), Kafka (schemas, the admin for new queues' topics, one producer).
    const pool = createPgPool({ url: config.DATABASE_URL, name: 'conveyor-worker', max: config.PG_POOL_MAX });
    closers.push(() => pool.end());
    const topics = topicNames(config.TOPIC_PREFIX);
    const kafka = createKafka({ ...kafkaConnection(config), brokers: config.KAFKA_BROKERS, clientId: `conveyor-worker-${workerId}`, logger });
    const admin = kafka.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    const serde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.jobEvents, schemas: jobEventSchemas });
    const deadLetterSerde = createEventSerde({ registryUrl: config.SCHEMA_REGISTRY_URL, topic: topics.deadLetters, schemas: deadLetterSchemas });
    await serde.registerAll();
    await deadLetterSerde.registerAll();
    const workSerdes = createWorkSerdes({ registryUrl: config.SCHEMA_REGISTRY_URL, topicPrefix: config.TOPIC_PREFIX, admin });
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    closers.push(() => producer.disconnect());
    const publisher = createBatchingPublisher({ producer });
    closers.push(() => publisher.drain());
    const jobs = createJobPublisher({ publisher, serde, workSerdes, deadLetterSerde, topics });

    // 3. The job types join the catalog (the command API validates submissions of them against it).
    const announcements = await announceJobTypes({
      registryUrl: config.SCHEMA_REGISTRY_URL, adminTopic: topics.adminEvents, publish: (messages) => publisher.publish(messages),
      pool, jobTypes: options.jobTypes, workerId, logger,
    });
    closers.push(() => announcements.stop());

    // 4. The engine.
    const engine: WorkerEngine = await runWorker({
      kafka, pool, databaseUrl: config.DATABASE_URL, workSerdes, topics, queues,
      publishEvents: jobs.publishEvents, publishDeadLetters: jobs.publishDeadLetters,
      registry, ports: { ...defaultPorts, ...options.ports },
      // Without a key ring a job with sealed secrets fails for good (SECRET_UNREADABLE).
      secrets: config.SECRETS_KEYS ? createSecretBox(secretKeyRingOf({ SECRETS_KEYS: config.SECRETS_KEYS, SECRETS_ACTIVE_KEY_ID: config.SECRETS_ACTIVE_KEY_ID })) : undefined,
      workerId, concurrency: options.concurrency ?? config.WORKER_CONCURRENCY, queueCapacity: config.WORKER_QUEUE_CAPACITY,
      limits: { perKey: config.KEY_CONCURRENCY, ...options.limits },
      defaultTimeoutMs: config.EXECUTOR_DEFAULT_TIMEOUT_MS, drainTimeoutMs: options.drainTimeoutMs, leaseMs: config.CLAIM_LEASE_MS,
      logger, metrics: createMetrics('worker'),
      groupId: `${config.TOPIC_PREFIX}conveyor-executor`, cancelGroupIdPrefix: `${config.TOPIC_PREFIX}conveyor-executor-cancel`,
      queueWatchGroupIdPrefix: `${config.TOPIC_PREFIX}conveyor-executor-queues`,
    });
    let stopped: Promise<void> | undefined;
    return {
      workerId,
      queues,
      stop() {
        stopped ??= engine.stop().finally(closeAll);
        return stopped;
      },
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** The ports of a worker given none: the process's own fetch, an abortable sleep; the read model is the platform's. */
const defaultPorts: HandlerPorts = {
  fetch: (...args) => globalThis.fetch(...args),
  sleep: abortableSleep,
  queryReadModel: () => Promise.reject(new NonRetriableError('queryReadModel is offered to the built-in job types only', 'PORT_UNAVAILABLE')),
};
