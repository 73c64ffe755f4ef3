import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { planTopicChanges, type ExistingTopic, type TopicChange } from './planTopicChanges';
import { defaultQueue, queueCatalog, queueWorkTopics, topicConfigs, type TopicSpec } from './topicCatalog';

/**
 * Brings the cluster in line with the catalog, idempotently: creates missing topics, adds partitions,
 * aligns retention and cleanup policy. Returns the changes it made (empty when nothing changed).
 */
export async function applyTopicCatalog(admin: Admin, catalog: TopicSpec[]): Promise<TopicChange[]> {
  const existing = await describeTopics(admin, catalog.map((t) => t.name));
  const plan = planTopicChanges(catalog, existing);
  const creates = plan.filter((c) => c.kind === 'create');
  if (creates.length) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: creates.map(({ spec }) => ({
        topic: spec.name,
        numPartitions: spec.partitions,
        replicationFactor: spec.replicationFactor,
        configEntries: Object.entries(topicConfigs(spec)).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const grows = plan.filter((c) => c.kind === 'add-partitions');
  if (grows.length) await admin.createPartitions({ topicPartitions: grows.map(({ spec }) => ({ topic: spec.name, count: spec.partitions })) });
  const alters = plan.filter((c) => c.kind === 'alter-configs');
  if (alters.length) {
    // Incremental semantics: the full desired set of our keys is sent for each topic.
    await admin.alterConfigs({
      validateOnly: false,
      resources: alters.map(({ spec }) => ({
        type: ConfigResourceTypes.TOPIC,
        name: spec.name,
        configEntries: Object.entries(topicConfigs(spec)).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  return plan;
}

async function describeTopics(admin: Admin, names: string[]): Promise<ExistingTopic[]> {
  const all = new Set(await admin.listTopics());
  const present = names.filter((n) => all.has(n));
  if (!present.length) return [];
  const meta = await admin.fetchTopicMetadata({ topics: present });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: present.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms', 'cleanup.policy'] })),
  });
  return meta.topics.map((t) => {
    const res = configs.resources.find((r) => r.resourceName === t.name);
    return {
      name: t.name,
      partitions: t.partitions.length,
      configs: Object.fromEntries((res?.configEntries ?? []).map((e) => [e.configName, e.configValue])),
    };
  });
}

/**
 * Creates a queue's work topics when missing (idempotent), with the replication factor the default
 * queue's topics have on this cluster (the catalog's own where they are absent). Returns the changes made.
 */
export async function ensureQueueTopics(admin: Admin, options: { prefix?: string; queue: string }): Promise<TopicChange[]> {
  const normal = queueWorkTopics(options.prefix ?? '', defaultQueue).normal;
  const known = (await admin.listTopics()).includes(normal);
  const replicas = known ? (await admin.fetchTopicMetadata({ topics: [normal] })).topics[0]?.partitions[0]?.replicas.length : undefined;
  return applyTopicCatalog(admin, queueCatalog({ ...options, ...(replicas ? { replicationFactor: replicas } : {}) }));
}
