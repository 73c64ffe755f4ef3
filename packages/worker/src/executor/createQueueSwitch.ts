import type { WorkPriority } from '@conveyor/events';
import type { ConsumerRunner } from '@conveyor/kafka';
import type { Logger, Metrics } from '@conveyor/runtime';

/** A served queue's work topics, by priority. */
interface ServedQueue {
  queue: string;
  topics: Record<WorkPriority, string>;
}

/**
 * The operator's switch of the queues a worker serves (QueuePaused / QueueResumed): a paused queue's
 * consumer fetches none of its topics; resumed, it fetches again those whose priority is not full in
 * memory (the scheduler's own back-pressure keeps those). Events of queues not served are ignored.
 */
export function createQueueSwitch(deps: {
  served: readonly ServedQueue[];
  consumers: ReadonlyMap<string, ConsumerRunner>;
  /** Priorities whose in-memory queue is full. */
  full: ReadonlySet<WorkPriority>;
  isStopping: () => boolean;
  metrics: Pick<Metrics, 'queuePaused'>;
  logger: Logger;
}) {
  const paused = new Set<string>();
  const find = (queue: string) => deps.served.find((w) => w.queue === queue);
  return {
    pause(queue: string): void {
      const work = find(queue);
      if (!work || paused.has(queue)) return;
      paused.add(queue);
      deps.metrics.queuePaused.set({ queue }, 1);
      deps.consumers.get(queue)?.pause(Object.values(work.topics));
      deps.logger.info({ queue }, 'queue paused: its work topics are no longer fetched');
    },
    resume(queue: string): void {
      const work = find(queue);
      if (!work || !paused.delete(queue) || deps.isStopping()) return;
      deps.metrics.queuePaused.set({ queue }, 0);
      deps.consumers.get(queue)?.resume((Object.keys(work.topics) as WorkPriority[]).filter((p) => !deps.full.has(p)).map((p) => work.topics[p]));
      deps.logger.info({ queue }, 'queue resumed');
    },
    isPaused: (queue: string): boolean => paused.has(queue),
  };
}
