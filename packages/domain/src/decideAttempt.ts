import type { JobEvent, JobError } from '@conveyor/events';
import { backoffDelay } from './backoff';
import { eventMetadata, type CommandMeta } from './commandMeta';
import type { Backoff } from '@conveyor/events';

/** What the executor knows about the attempt it just ran. */
export interface AttemptContext {
  jobId: string;
  attempt: number;
  maxAttempts: number;
  backoff: Backoff;
  durationMs: number;
}

export type AttemptOutcome =
  | { kind: 'succeeded'; result: unknown }
  | { kind: 'failed'; error: JobError }
  | { kind: 'cancelled' };

/**
 * Decides the event(s) that record an attempt's outcome (pure; `random` drives backoff jitter):
 * success → JobSucceeded; a retriable failure with attempts left → JobRetryScheduled at now + backoff;
 * otherwise → JobFailed. A cancelled attempt records nothing: JobCancelled is already in the log.
 */
export function decideAttempt(ctx: AttemptContext, outcome: AttemptOutcome, meta: CommandMeta, random: number): JobEvent[] {
  const m = eventMetadata(ctx.jobId, meta);
  const durationMs = Math.max(0, Math.round(ctx.durationMs));
  switch (outcome.kind) {
    case 'succeeded':
      return [{
        type: 'JobSucceeded',
        data: { meta: m, attempt: ctx.attempt, durationMs, resultJson: outcome.result === undefined ? null : JSON.stringify(outcome.result) },
      }];
    case 'failed': {
      if (outcome.error.retriable && ctx.attempt < ctx.maxAttempts) {
        const nextRunAt = meta.now + backoffDelay(ctx.backoff, ctx.attempt, random);
        return [{ type: 'JobRetryScheduled', data: { meta: m, attempt: ctx.attempt, durationMs, error: outcome.error, nextRunAt } }];
      }
      return [{ type: 'JobFailed', data: { meta: m, attempt: ctx.attempt, durationMs, error: outcome.error } }];
    }
    case 'cancelled':
      return [];
    default: {
      const _exhaustive: never = outcome;
      return _exhaustive;
    }
  }
}
