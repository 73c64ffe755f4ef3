import { z } from 'zod';
import { parseQuery, type RawQuery } from '../http/parseQuery';

/** The longest `waitMs` accepted, in milliseconds. */
export const maxJobWaitMs = 10_000;

const schema = z.object({
  asOf: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' }).transform((s) => Date.parse(s)).optional(),
  waitMs: z.coerce.number().int().min(0).max(maxJobWaitMs).default(0),
});

/**
 * Parses the query of GET /v1/jobs/:id (pure; throws ValidationError): `asOf` (epoch milliseconds, or
 * null) and `waitMs`, how long to wait for a job not projected yet before answering 404 (0 by default).
 */
export function parseJobQuery(query: RawQuery): { asOf: number | null; waitMs: number } {
  const q = parseQuery(schema, query);
  return { asOf: q.asOf ?? null, waitMs: q.waitMs };
}
