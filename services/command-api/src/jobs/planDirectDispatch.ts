import { firstWorkItem, isDueLater } from '@conveyor/domain';
import type { JobEvent, JobWorkItem } from '@conveyor/events';

/** What a publish of job events carries when the command API dispatches runnable submissions itself. */
export interface DirectDispatchPlan {
  /** The events to publish, in their order: a directly dispatched JobSubmitted says so (`workItemPublished`). */
  events: JobEvent[];
  /** The first work items to publish with them, in the same transaction. */
  workItems: JobWorkItem[];
}

/**
 * Direct dispatch (pure): each JobSubmitted runnable at `now` (the dispatcher's rule, {@link isDueLater})
 * whose queue's work topics are ready goes out with its first work item ({@link firstWorkItem}, as the
 * dispatcher would build it) and is marked `workItemPublished`, so the dispatcher remembers the item for
 * retries but does not publish it again. Everything else is left to the dispatcher, unchanged: jobs due later,
 * jobs of a queue whose topics do not exist yet, and every other event.
 */
export function planDirectDispatch(events: readonly JobEvent[], now: number, queueReady: (queue: string) => boolean): DirectDispatchPlan {
  const workItems: JobWorkItem[] = [];
  const planned = events.map((event): JobEvent => {
    if (event.type !== 'JobSubmitted') return event;
    const item = firstWorkItem(event.data);
    if (isDueLater(item, now) || !queueReady(item.queue)) return event;
    workItems.push(item);
    return { type: 'JobSubmitted', data: { ...event.data, workItemPublished: true } };
  });
  return { events: planned, workItems };
}

/** The queues whose readiness a plan of these events asks about: those of the submissions runnable at `now`. */
export function queuesToDispatch(events: readonly JobEvent[], now: number): string[] {
  const queues = new Set<string>();
  for (const event of events) {
    if (event.type === 'JobSubmitted' && !isDueLater(firstWorkItem(event.data), now)) queues.add(event.data.queue);
  }
  return [...queues];
}
