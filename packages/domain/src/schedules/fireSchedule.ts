import type { JobEvent } from '@conveyor/events';
import type { CommandMeta } from '../commandMeta';
import { submitJob } from '../decideJob';
import type { JobTemplate } from './scheduleState';

/**
 * The JobSubmitted of one fire of a schedule (pure): the template's job, with the schedule's id, on its
 * type's queue (`default` when not given). The
 * adapter derives `jobId` and `meta.eventId` from the schedule id and the fire time, so firing the same
 * fire twice (a crash between publishing and recording it) publishes the same ids, which every consumer
 * deduplicates.
 */
export function fireSchedule(fire: { scheduleId: string; jobId: string; jobTemplate: JobTemplate; queue?: string }, meta: CommandMeta): JobEvent[] {
  const t = fire.jobTemplate;
  return submitJob({
    type: 'SubmitJob', jobId: fire.jobId, meta,
    data: {
      jobType: t.type, payload: t.payload, priority: t.priority, maxAttempts: t.maxAttempts, timeoutMs: t.timeoutMs, runAt: null,
      concurrencyKey: t.concurrencyKey, backoff: t.backoff, idempotencyKey: null, scheduleId: fire.scheduleId, queue: fire.queue,
    },
  }, null);
}
