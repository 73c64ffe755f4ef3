import { z } from 'zod';
import { AppError, UnprocessableError, ValidationError, type FieldError } from '@conveyor/errors';
import { cronProblem, isTimeZone, type ScheduleDefinition } from '@conveyor/domain/schedules';
import type { SubmissionJobTypes } from '../jobs/submissionJobTypes';
import { fieldErrors } from '../http/fieldErrors';
import { parseSubmission } from '../jobs/parseSubmission';

/** The body of POST /v1/schedules and PUT /v1/schedules/:id (the job template is checked as a job submission afterwards). */
export const scheduleSchema = z.object({
  name: z.string().trim().min(1).max(200),
  cron: z.string().min(1).max(200).describe('5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first.'),
  timeZone: z.string().min(1).max(100).default('UTC').describe('IANA time zone the cron expression is read in. Default UTC.'),
  jobTemplate: z.record(z.string(), z.unknown()).describe('A job submission as POST /v1/jobs takes it, without runAt.'),
  catchUp: z.enum(['skip', 'latest', 'all']).default('skip').describe('Fires missed while no scheduler ran: none, the most recent one, or all of them up to maxCatchUp. Default skip.'),
  maxCatchUp: z.number().int().min(0).max(1000).default(10).describe('With catchUp all: at most this many missed fires (the most recent). Default 10.'),
}).strict();

/** Moves field errors of a nested document under `base`. */
const under = (base: string, errors: readonly FieldError[] | undefined): FieldError[] => (errors ?? []).map((e) => ({ ...e, path: base + e.path }));

/**
 * Narrows a schedule definition (public): 400 VALIDATION_FAILED for a malformed body, a cron expression
 * of the wrong shape, an unknown time zone or a template with runAt; 422 UNPROCESSABLE for a template
 * whose job type is unknown or whose payload its schema refuses. Field paths are JSON pointers.
 */
export function parseScheduleDefinition(input: unknown, jobTypes: SubmissionJobTypes): ScheduleDefinition {
  const parsed = scheduleSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError('the schedule is not valid', fieldErrors(parsed.error.issues));
  const s = parsed.data;
  const errors: FieldError[] = [];
  const cron = cronProblem(s.cron);
  if (cron) errors.push({ path: '/cron', message: cron });
  if (!isTimeZone(s.timeZone)) errors.push({ path: '/timeZone', message: `unknown IANA time zone ${JSON.stringify(s.timeZone)}` });
  if ('runAt' in s.jobTemplate) errors.push({ path: '/jobTemplate/runAt', message: "a schedule's job runs at its fire times: runAt is not allowed" });
  if (errors.length) throw new ValidationError('the schedule is not valid', errors);
  let job;
  try {
    job = parseSubmission(s.jobTemplate, jobTypes);
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const nested = under('/jobTemplate', err.errors);
    throw err instanceof UnprocessableError ? new UnprocessableError(err.message, nested) : new ValidationError(err.message, nested);
  }
  return {
    name: s.name, cron: s.cron.trim().replace(/\s+/g, ' '), timeZone: s.timeZone, catchUp: s.catchUp, maxCatchUp: s.maxCatchUp,
    jobTemplate: {
      type: job.jobType, payload: job.payload, priority: job.priority, maxAttempts: job.maxAttempts, timeoutMs: job.timeoutMs,
      concurrencyKey: job.concurrencyKey, backoff: job.backoff,
    },
  };
}
