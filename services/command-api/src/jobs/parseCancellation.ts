import { z } from 'zod';
import { ValidationError } from '@conveyor/errors';
import { fieldErrors } from '../http/fieldErrors';

/** The optional body of POST /v1/jobs/:id/cancel. */
export const cancellationSchema = z.object({
  reason: z.string().max(1000).nullable().optional().describe('Why, for the timeline.'),
}).strict();

/** A validated cancellation. */
export interface Cancellation {
  jobId: string;
  reason: string | null;
}

const jobIdSchema = z.guid();

/** Narrows a cancel request (public): a UUID path id and an optional `{reason?}` body, else 400. */
export function parseCancellation(jobId: string, body: unknown): Cancellation {
  const id = jobIdSchema.safeParse(jobId);
  if (!id.success) throw new ValidationError('the job id is not a UUID', [{ path: '/id', message: 'must be a UUID' }]);
  const parsed = cancellationSchema.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError('the cancellation is not valid', fieldErrors(parsed.error.issues));
  return { jobId: id.data.toLowerCase(), reason: parsed.data.reason ?? null };
}
