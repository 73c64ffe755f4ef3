/**
 * The topic catalog: every topic Conveyor uses, declared once. `npm run stack` and each service
 * apply it at start (see applyTopicCatalog), and `npm run gen:strimzi` renders KafkaTopic manifests from it.
 */
export interface TopicSpec {
  /** Base name; the deployed name is `${prefix}${name}`. */
  name: string;
  partitions: number;
  replicationFactor: number;
  /** In milliseconds; -1 keeps records forever. */
  retentionMs: number;
  cleanupPolicy: 'delete' | 'compact' | 'compact,delete';
  description: string;
}

const DAY = 24 * 60 * 60 * 1000;

export const topicCatalog = [
  { name: 'conveyor.job-events', partitions: 6, replicationFactor: 1, retentionMs: -1, cleanupPolicy: 'delete', description: 'Every job fact, keyed by job id: the source of truth that replay reads.' },
  { name: 'conveyor.job-work.high', partitions: 6, replicationFactor: 1, retentionMs: 7 * DAY, cleanupPolicy: 'delete', description: 'Runnable high-priority work items.' },
  { name: 'conveyor.job-work.normal', partitions: 6, replicationFactor: 1, retentionMs: 7 * DAY, cleanupPolicy: 'delete', description: 'Runnable normal-priority work items.' },
  { name: 'conveyor.job-work.low', partitions: 6, replicationFactor: 1, retentionMs: 7 * DAY, cleanupPolicy: 'delete', description: 'Runnable low-priority work items.' },
  { name: 'conveyor.job-dead-letters', partitions: 3, replicationFactor: 1, retentionMs: 30 * DAY, cleanupPolicy: 'delete', description: 'Jobs that exhausted their attempts or could not be processed, with cause and origin.' },
  { name: 'conveyor.admin-events', partitions: 1, replicationFactor: 1, retentionMs: -1, cleanupPolicy: 'delete', description: 'Schedule events (created, updated, paused, resumed, deleted).' },
] as const satisfies readonly TopicSpec[];

export type TopicName = (typeof topicCatalog)[number]['name'];

/** The Kafka topic configs a spec implies. */
export function topicConfigs(spec: TopicSpec): Record<string, string> {
  return { 'retention.ms': String(spec.retentionMs), 'cleanup.policy': spec.cleanupPolicy };
}

/** A catalog whose names carry a prefix (tests use one per run) and a replication factor for the cluster. */
export function resolveCatalog(options: { prefix?: string; replicationFactor?: number } = {}): TopicSpec[] {
  return topicCatalog.map((t) => ({
    ...t,
    name: `${options.prefix ?? ''}${t.name}`,
    replicationFactor: options.replicationFactor ?? t.replicationFactor,
  }));
}

/** Topic names by role, resolved with a prefix. */
export function topicNames(prefix = '') {
  return {
    jobEvents: `${prefix}conveyor.job-events`,
    work: {
      high: `${prefix}conveyor.job-work.high`,
      normal: `${prefix}conveyor.job-work.normal`,
      low: `${prefix}conveyor.job-work.low`,
    },
    deadLetters: `${prefix}conveyor.job-dead-letters`,
    adminEvents: `${prefix}conveyor.admin-events`,
  };
}

export type TopicNames = ReturnType<typeof topicNames>;

/** The queue a job type belongs to unless it names one; its work topics keep the names they always had. */
export const defaultQueue = 'default';

/** What a queue name may be: it becomes part of topic names (no dots, so it never reads as a priority). */
export const queueNamePattern = /^[a-z0-9][a-z0-9_-]{0,47}$/;

/** Whether a string may name a queue. */
export function isQueueName(name: string): boolean {
  return queueNamePattern.test(name);
}

/**
 * The three work topics of a queue (pure): `conveyor.job-work.<priority>` for the default queue (so nothing
 * already deployed moves), `conveyor.job-work.<queue>.<priority>` for any other. A worker subscribes only
 * to its queues' topics, so work of another queue never reaches it. Throws on a name that is not a queue's.
 */
export function queueWorkTopics(prefix: string, queue: string): Record<'high' | 'normal' | 'low', string> {
  if (!isQueueName(queue)) throw new RangeError(`${JSON.stringify(queue)} is not a queue name (${String(queueNamePattern)})`);
  if (queue === defaultQueue) return topicNames(prefix).work;
  const base = `${prefix}conveyor.job-work.${queue}`;
  return { high: `${base}.high`, normal: `${base}.normal`, low: `${base}.low` };
}

/**
 * The catalog entries of a queue's work topics (pure): the default queue's specs (partitions, retention)
 * under the queue's names. A worker or the dispatcher applies them when it first needs a queue.
 */
export function queueCatalog(options: { prefix?: string; queue: string; replicationFactor?: number }): TopicSpec[] {
  const names = queueWorkTopics(options.prefix ?? '', options.queue);
  return (['high', 'normal', 'low'] as const).map((priority) => {
    const spec = topicCatalog.find((t) => t.name === `conveyor.job-work.${priority}`) as TopicSpec;
    return {
      ...spec,
      name: names[priority],
      replicationFactor: options.replicationFactor ?? spec.replicationFactor,
      description: `Runnable ${priority}-priority work items of the queue ${options.queue}.`,
    };
  });
}
