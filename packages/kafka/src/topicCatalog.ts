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
