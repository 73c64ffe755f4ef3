import type { JobEvent } from '@conveyor/events';
import type { OutgoingMessage } from '@conveyor/kafka';
import { workItemMessage, type WorkSerdes } from '@conveyor/worker/engine';
import { planDirectDispatch, queuesToDispatch } from './planDirectDispatch';

export interface DirectDispatchOptions {
  /** Whether a queue's work topics exist (then its submissions are dispatched here). */
  readiness: { ready(queue: string): Promise<boolean> };
  workSerdes: Pick<WorkSerdes, 'of'>;
  /** The injected clock, in milliseconds since the epoch: what "runnable now" is measured against. */
  now: () => number;
}

/**
 * Direct dispatch (internal): given the job events of one request, the events to publish (runnable
 * submissions marked `workItemPublished`) and their first work items as messages, to be published together
 * in one Kafka transaction (docs/architecture.md, "Direct dispatch").
 */
export function createDirectDispatch(options: DirectDispatchOptions) {
  return {
    async plan(events: JobEvent[]): Promise<{ events: JobEvent[]; work: OutgoingMessage[] }> {
      const now = options.now();
      const queues = queuesToDispatch(events, now);
      const ready = new Set<string>();
      await Promise.all(queues.map(async (queue) => {
        if (await options.readiness.ready(queue)) ready.add(queue);
      }));
      const plan = planDirectDispatch(events, now, (queue) => ready.has(queue));
      const work = await Promise.all(plan.workItems.map((item) => workItemMessage(options.workSerdes.of(item.queue), item)));
      return { events: plan.events, work };
    },
  };
}

export type DirectDispatch = ReturnType<typeof createDirectDispatch>;
