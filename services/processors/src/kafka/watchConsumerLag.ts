import type { Admin } from 'kafkajs';
import type { Logger, Metrics } from '@conveyor/runtime';

/**
 * Sets `kafka_consumer_lag{topic,partition,group}` every `intervalMs` (in milliseconds) from the
 * groups' committed offsets and the topics' high watermarks. Returns a stop function.
 */
export function watchConsumerLag(deps: { admin: Admin; metrics: Metrics; logger: Logger; groups: Array<{ groupId: string; topics: string[] }>; intervalMs?: number }): () => void {
  const sample = async () => {
    for (const { groupId, topics } of deps.groups) {
      const committed = await deps.admin.fetchOffsets({ groupId, topics });
      for (const { topic, partitions } of committed) {
        const ends = await deps.admin.fetchTopicOffsets(topic);
        for (const end of ends) {
          const at = Number(partitions.find((p) => p.partition === end.partition)?.offset ?? -1);
          const from = at >= 0 ? at : Number(end.low);
          deps.metrics.consumerLag.set({ topic, partition: String(end.partition), group: groupId }, Math.max(0, Number(end.high) - from));
        }
      }
    }
  };
  const timer = setInterval(() => {
    sample().catch((err: unknown) => deps.logger.debug({ err }, 'consumer lag sample failed'));
  }, deps.intervalMs ?? 5000);
  timer.unref();
  return () => clearInterval(timer);
}
