import type { JobEvent, JobWorkItem } from '@conveyor/events';
import { firstWorkItem, followUpWorkItem, isDueLater, type FollowUp } from '@conveyor/domain';

/** What one batch of job events asks of the dispatcher. */
export interface DispatchPlan {
  /** First work items of new jobs, kept until the job finishes (retries are built from them). */
  remember: JobWorkItem[];
  /** Work items runnable now. */
  publish: JobWorkItem[];
  /** Work items that wait for a timer. */
  schedule: JobWorkItem[];
  /** Retries and requeues of jobs submitted in an earlier batch: completed with {@link resolveRetries}. */
  retries: FollowUp[];
  cancel: Array<{ jobId: string; at: number }>;
  /** Jobs that finished for good (succeeded, cancelled): their remembered work item goes. A failed or dead job keeps it, so it can be requeued. */
  forget: string[];
  /** Events whose job id is not a UUID: skipped, never stalling the partition. */
  rejected: JobEvent[];
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
 * Decides what a batch of job events (in log order) means for dispatching (pure): a submission is
 * published now or scheduled for its runAt, unless the command API published its first work item with it
 * (`workItemPublished`: remembered only); a retry is scheduled for its nextRunAt; a requeue (of a
 * dead job) is published now; a cancellation drops timers; success and cancellation forget the job.
 */
export function planDispatch(events: JobEvent[], now: number): DispatchPlan {
  const plan: DispatchPlan = { remember: [], publish: [], schedule: [], retries: [], cancel: [], forget: [], rejected: [] };
  const firsts = new Map<string, JobWorkItem>();
  for (const event of events) {
    const jobId = event.data.meta.jobId;
    if (!uuid.test(jobId)) {
      plan.rejected.push(event);
      continue;
    }
    switch (event.type) {
      case 'JobSubmitted': {
        const item = firstWorkItem(event.data);
        firsts.set(jobId, item);
        plan.remember.push(item);
        // Direct dispatch: the command API published this item in the JobSubmitted's own transaction.
        if (event.data.workItemPublished === true) break;
        (isDueLater(item, now) ? plan.schedule : plan.publish).push(item);
        break;
      }
      case 'JobRetryScheduled':
      case 'JobRequeued': {
        const first = firsts.get(jobId);
        if (!first) plan.retries.push(event.data);
        else {
          const item = followUpWorkItem(first, event.data);
          (isDueLater(item, now) ? plan.schedule : plan.publish).push(item);
        }
        break;
      }
      case 'JobCancelled':
        plan.cancel.push({ jobId, at: event.data.meta.occurredAt });
        plan.forget.push(jobId);
        break;
      case 'JobSucceeded':
        plan.forget.push(jobId);
        break;
      case 'JobFailed':
      case 'JobDeadLettered':
      case 'JobStarted':
      case 'JobProgressed':
      case 'JobLogged':
        break;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }
  return plan;
}

/**
 * Completes retries with the stored first work items (pure). A retry whose job is unknown (submitted
 * before the dispatcher kept first items, or already finished) is returned in `missing`.
 */
export function resolveRetries(retries: FollowUp[], firsts: ReadonlyMap<string, JobWorkItem>, now: number) {
  const publish: JobWorkItem[] = [];
  const schedule: JobWorkItem[] = [];
  const missing: FollowUp[] = [];
  for (const r of retries) {
    const first = firsts.get(r.meta.jobId);
    if (!first) {
      missing.push(r);
      continue;
    }
    const item = followUpWorkItem(first, r);
    (isDueLater(item, now) ? schedule : publish).push(item);
  }
  return { publish, schedule, missing };
}
