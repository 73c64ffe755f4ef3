import { z } from 'zod';
import { PayloadTooLargeError, UnprocessableError, ValidationError, type FieldError } from '@conveyor/errors';
import { defaultBackoff, type SubmitJob } from '@conveyor/domain';
import { fieldErrors } from '../http/fieldErrors';
import type { SubmissionJobTypes } from './submissionJobTypes';

/** The most jobs one POST /v1/jobs/batch may carry; more is refused with 413. */
export const maxBatchJobs = 1000;

/** Avro `int` fields (timeoutMs, backoff delays) hold at most this. */
const maxInt32 = 2_147_483_647;

/** The envelope of one job submission (the payload is checked by its type's schema afterwards). */
export const submissionSchema = z.object({
  type: z.string().min(1).max(200).describe('A job type from GET /v1/job-types.'),
  payload: z.unknown().refine((v) => v !== undefined, 'Required').describe("Checked against the type's payloadSchema."),
  priority: z.enum(['high', 'normal', 'low']).optional().describe('Default normal.'),
  maxAttempts: z.number().int().min(1).max(100).optional().describe("Default: the type's default, else 3."),
  timeoutMs: z.number().int().min(1).max(3_600_000).optional().describe("Per attempt, in milliseconds. Default: the type's default, else none."),
  runAt: z.iso.datetime({ offset: true }).optional().describe('Not before this instant (ISO 8601 with offset).'),
  concurrencyKey: z.string().min(1).max(200).optional().describe('Groups jobs (a tenant, a customer): at most KEY_CONCURRENCY (a processors setting, 2 by default) run at once per key in each processors instance, keys served round-robin; no order is promised within a key.'),
  backoff: z.object({
    kind: z.enum(['fixed', 'exponential']),
    delayMs: z.number().int().min(0).max(maxInt32),
    maxDelayMs: z.number().int().min(0).max(maxInt32),
  }).strict()
    .refine((b) => b.maxDelayMs >= b.delayMs, { message: 'maxDelayMs must be at least delayMs', path: ['maxDelayMs'] })
    .optional()
    .describe('Retry delays. Default exponential from 1000 ms, capped at 300000 ms.'),
}).strict();

/** The body of POST /v1/jobs/batch. */
export const batchSchema = z.object({ jobs: z.array(z.unknown()).min(1).describe(`1 to ${maxBatchJobs} submissions.`) }).strict();

/**
 * A validated submission with every default applied: what SubmitJob needs besides ids, metadata and the
 * Idempotency-Key. Its payload is the one the type's schema parsed (its defaults applied).
 */
export type JobSubmission = Omit<SubmitJob['data'], 'idempotencyKey' | 'scheduleId'>;

type Checked = { ok: true; value: JobSubmission } | { ok: false; status: 400 | 422; message: string; errors: FieldError[] };

/**
 * Narrows one submission (public): 400 VALIDATION_FAILED for envelope errors, 422 UNPROCESSABLE for an
 * unknown type or a payload its schema refuses. Field paths are JSON pointers.
 */
export function parseSubmission(input: unknown, jobTypes: SubmissionJobTypes): JobSubmission {
  const checked = checkSubmission(input, jobTypes, '');
  if (checked.ok) return checked.value;
  throw checked.status === 400 ? new ValidationError(checked.message, checked.errors) : new UnprocessableError(checked.message, checked.errors);
}

/**
 * Narrows a batch (public): all valid or a single error listing every item's problems under
 * `/jobs/<i>/…` (400 when any item is malformed, else 422). More than {@link maxBatchJobs} jobs is 413.
 */
export function parseBatch(input: unknown, jobTypes: SubmissionJobTypes): JobSubmission[] {
  const envelope = batchSchema.safeParse(input);
  if (!envelope.success) throw new ValidationError('the batch is not valid', fieldErrors(envelope.error.issues));
  const { jobs } = envelope.data;
  if (jobs.length > maxBatchJobs) {
    throw new PayloadTooLargeError(`a batch holds at most ${maxBatchJobs} jobs, got ${jobs.length}`, { context: { count: jobs.length } });
  }
  const results = jobs.map((job, i) => checkSubmission(job, jobTypes, `/jobs/${i}`));
  const failures = results.filter((r) => !r.ok);
  if (!failures.length) return results.map((r) => (r as { value: JobSubmission }).value);
  const errors = failures.flatMap((f) => f.errors);
  const message = `${failures.length} of ${jobs.length} jobs are not valid; nothing was submitted`;
  throw failures.some((f) => f.status === 400) ? new ValidationError(message, errors) : new UnprocessableError(message, errors);
}

function checkSubmission(input: unknown, jobTypes: SubmissionJobTypes, base: string): Checked {
  const envelope = submissionSchema.safeParse(input);
  if (!envelope.success) return { ok: false, status: 400, message: 'the job submission is not valid', errors: fieldErrors(envelope.error.issues, base) };
  const s = envelope.data;
  const def = jobTypes.get(s.type);
  if (!def) {
    const message = `unknown job type ${JSON.stringify(s.type)}; known types: ${jobTypes.types().join(', ')}`;
    return { ok: false, status: 422, message, errors: [{ path: `${base}/type`, message }] };
  }
  // A compiled type checks with its zod schema; a type registered at run time with its catalog JSON Schema.
  const payload = 'checkPayload' in def ? def.checkPayload(s.payload, `${base}/payload`) : zodPayload(def.payload.safeParse(s.payload), `${base}/payload`);
  if (!payload.ok) {
    const message = `the payload does not match job type ${JSON.stringify(s.type)}`;
    return { ok: false, status: 422, message, errors: payload.errors };
  }
  return {
    ok: true,
    value: {
      jobType: s.type,
      payload: payload.value,
      priority: s.priority ?? 'normal',
      maxAttempts: s.maxAttempts ?? def.defaults?.maxAttempts ?? 3,
      timeoutMs: s.timeoutMs ?? def.defaults?.timeoutMs ?? null,
      runAt: s.runAt === undefined ? null : Date.parse(s.runAt),
      concurrencyKey: s.concurrencyKey ?? null,
      backoff: s.backoff ?? defaultBackoff,
    },
  };
}

function zodPayload(parsed: z.ZodSafeParseResult<unknown>, base: string): { ok: true; value: unknown } | { ok: false; errors: FieldError[] } {
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: fieldErrors(parsed.error.issues, base) };
}
