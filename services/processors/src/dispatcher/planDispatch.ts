import type { JobEvent, JobRetryScheduled, JobWorkItem } from '@conveyor/events';
import { firstWorkItem, isDueLater, retryWorkItem } from './workItems';

/** What one batch of job events asks of the dispatcher. */
export interface DispatchPlan {
  /** First work items of new jobs, kept until the job finishes (retries are built from them). */
  remember: JobWorkItem[];
  /** Work items runnable now. */
  publish: JobWorkItem[];
  /** Work items that wait for a timer. */
  schedule: JobWorkItem[];
  /** Retries of jobs submitted in an earlier batch: completed with {@link resolveRetries}. */
  retries: JobRetryScheduled[];
  cancel: Array<{ jobId: string; at: number }>;
  /** Jobs that finished: their remembered work item goes. */
  forget: string[];
  /** Events whose job id is not a UUID: skipped, never stalling the partition. */
  rejected: JobEvent[];
}

const uuid = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;

/**
 * Decides what a batch of job events (in log order) means for dispatching (pure): a submission is
 * published now or scheduled for its runAt; a retry is scheduled for its nextRunAt; a cancellation
 * drops timers; a terminal event forgets the job. JobStarted changes nothing.
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
        (isDueLater(item, now) ? plan.schedule : plan.publish).push(item);
        break;
      }
      case 'JobRetryScheduled': {
        const first = firsts.get(jobId);
        if (!first) plan.retries.push(event.data);
        else {
          const item = retryWorkItem(first, event.data);
          (isDueLater(item, now) ? plan.schedule : plan.publish).push(item);
        }
        break;
      }
      case 'JobCancelled':
        plan.cancel.push({ jobId, at: event.data.meta.occurredAt });
        plan.forget.push(jobId);
        break;
      case 'JobSucceeded':
      case 'JobFailed':
      case 'JobDeadLettered':
        plan.forget.push(jobId);
        break;
      case 'JobStarted':
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
export function resolveRetries(retries: JobRetryScheduled[], firsts: ReadonlyMap<string, JobWorkItem>, now: number) {
  const publish: JobWorkItem[] = [];
  const schedule: JobWorkItem[] = [];
  const missing: JobRetryScheduled[] = [];
  for (const r of retries) {
    const first = firsts.get(r.meta.jobId);
    if (!first) {
      missing.push(r);
      continue;
    }
    const item = retryWorkItem(first, r);
    (isDueLater(item, now) ? schedule : publish).push(item);
  }
  return { publish, schedule, missing };
}
