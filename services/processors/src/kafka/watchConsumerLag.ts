import type { Admin } from 'kafkajs';
import type { Logger, Metrics } from '@conveyor/runtime';

/**
 * Sets `kafka_consumer_lag{topic,partition,group}` every `intervalMs` (in milliseconds) from the
 * groups' committed offsets and the topics' high watermarks. A sample still running when the next is due is
 * not doubled. Returns a stop function that resolves once no sample runs any more: a sample asks Kafka twice
 * per group, and one left running after its owner disconnected the admin client would connect it again (kafkajs
 * connects a broker on demand) and keep asking.
 */
export function watchConsumerLag(deps: { admin: Admin; metrics: Metrics; logger: Logger; groups: Array<{ groupId: string; topics: string[] }>; intervalMs?: number }): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | undefined;
  const sample = async () => {
    for (const { groupId, topics } of deps.groups) {
      if (stopped) return;
      const committed = await deps.admin.fetchOffsets({ groupId, topics });
      for (const { topic, partitions } of committed) {
        if (stopped) return;
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
    running ??= sample()
      .catch((err: unknown) => deps.logger.debug({ err }, 'consumer lag sample failed'))
      .finally(() => (running = undefined));
  }, deps.intervalMs ?? 5000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
