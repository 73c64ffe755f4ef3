import { z } from 'zod';
import { parseQuery, type RawQuery } from '../http/parseQuery';

const schema = z.object({
  asOf: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' }).transform((s) => Date.parse(s)).optional(),
});

/**
 * Parses the query of GET /v1/jobs/:id (pure; throws ValidationError): `asOf` (epoch milliseconds, or
 * null).
 */
export function parseJobQuery(query: RawQuery): { asOf: number | null } {
  const q = parseQuery(schema, query);
  return { asOf: q.asOf ?? null };
}
