import { topicConfigs, type TopicSpec } from './topicCatalog';

/** What the cluster has for one topic. */
export interface ExistingTopic {
  name: string;
  partitions: number;
  configs: Record<string, string>;
}

export type TopicChange =
  | { kind: 'create'; spec: TopicSpec }
  | { kind: 'add-partitions'; spec: TopicSpec; from: number }
  | { kind: 'alter-configs'; spec: TopicSpec; changes: Record<string, { from: string | undefined; to: string }> }
  | { kind: 'cannot-shrink'; spec: TopicSpec; existing: number };

/**
 * Compares the catalog with the cluster and lists the changes that make them equal (pure).
 * Partitions only grow: Kafka cannot remove partitions, so fewer in the catalog is reported, not applied.
 */
export function planTopicChanges(catalog: TopicSpec[], existing: ExistingTopic[]): TopicChange[] {
  const byName = new Map(existing.map((t) => [t.name, t]));
  const changes: TopicChange[] = [];
  for (const spec of catalog) {
    const have = byName.get(spec.name);
    if (!have) {
      changes.push({ kind: 'create', spec });
      continue;
    }
    if (have.partitions < spec.partitions) changes.push({ kind: 'add-partitions', spec, from: have.partitions });
    if (have.partitions > spec.partitions) changes.push({ kind: 'cannot-shrink', spec, existing: have.partitions });
    const diff: Record<string, { from: string | undefined; to: string }> = {};
    for (const [k, v] of Object.entries(topicConfigs(spec))) {
      if (have.configs[k] !== v) diff[k] = { from: have.configs[k], to: v };
    }
    if (Object.keys(diff).length) changes.push({ kind: 'alter-configs', spec, changes: diff });
  }
  return changes;
}
