import { ValidationError } from '@conveyor/errors';
import { uuidPattern } from '../http/parseQuery';

/** The sort orders of GET /v1/jobs. */
export const jobSorts = ['-submittedAt', 'submittedAt', '-updatedAt'] as const;
export type JobSort = (typeof jobSorts)[number];

/** Where a page ended: the sort it belongs to, the last row's sort value and job id (keyset pagination). */
export interface JobCursor {
  sort: JobSort;
  /** The sort column's value as Postgres prints a timestamptz, to the microsecond. */
  value: string;
  jobId: string;
}

const timestampPattern = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2}){0,2})$/;

/** An opaque base64url token of a cursor (pure). */
export function encodeCursor(cursor: JobCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.jobId])).toString('base64url');
}

/**
 * Decodes a cursor token and checks it belongs to `sort` (pure); anything else is a 400 naming the
 * `cursor` parameter, never a database error.
 */
export function decodeCursor(token: string, sort: JobSort): JobCursor {
  const invalid = (message: string) => new ValidationError('invalid query parameters', [{ path: 'cursor', message }]);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor returned by this API');
  }
  if (!Array.isArray(parts) || parts.length !== 3) throw invalid('not a cursor returned by this API');
  const [s, value, jobId] = parts as unknown[];
  if (!jobSorts.includes(s as JobSort) || typeof value !== 'string' || !timestampPattern.test(value)
    || typeof jobId !== 'string' || !uuidPattern.test(jobId)) {
    throw invalid('not a cursor returned by this API');
  }
  if (s !== sort) throw invalid(`this cursor belongs to sort=${String(s)}, not sort=${sort}`);
  return { sort, value, jobId };
}
