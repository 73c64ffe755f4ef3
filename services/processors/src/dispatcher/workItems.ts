import type { JobWorkItem } from '@conveyor/events';
import { defaultQueue } from '@conveyor/kafka';

/**
 * A work item stored before queues existed (JSON in dispatch_jobs or job_timers, without `queue`)
 * belongs to the default queue, as its Avro default says (pure).
 */
export function withQueue(item: JobWorkItem): JobWorkItem {
  return (item as Partial<JobWorkItem>).queue ? item : { ...item, queue: defaultQueue };
}
