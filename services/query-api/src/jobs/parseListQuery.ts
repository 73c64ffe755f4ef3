import { z } from 'zod';
import { commaList, parseQuery, type RawQuery } from '../http/parseQuery';
import { decodeCursor, jobSorts, type JobCursor, type JobSort } from './cursor';

/** Every job status, as the read model stores it. */
export const jobStatuses = ['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'dead'] as const;
export type JobStatusName = (typeof jobStatuses)[number];

/** A checked GET /v1/jobs query. */
export interface ListQuery {
  statuses: JobStatusName[];
  types: string[];
  /** Bounds on submitted_at, in epoch milliseconds (from inclusive, to exclusive). */
  from: number | null;
  to: number | null;
  /** Text searched in the payload and the error message. */
  q: string | null;
  sort: JobSort;
  limit: number;
  cursor: JobCursor | null;
  /** Read the as-of snapshot of this instant (epoch milliseconds) instead of the live read model. */
  asOf: number | null;
}

/** The shortest `q`: one or two characters match most rows and scan the table (issue 11). */
export const minSearchChars = 3;

export const maxLimit = 200;
export const defaultLimit = 50;

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' })
  .transform((s) => Date.parse(s)).optional();

/** The query schema; also the source of the OpenAPI parameters (public). */
export const listQuerySchema = z.strictObject({
  status: commaList.pipe(z.array(z.enum(jobStatuses)).max(50)).optional(),
  type: commaList.pipe(z.array(z.string().max(200)).max(50)).optional(),
  from: instant,
  to: instant,
  q: z.string().trim().min(minSearchChars, `at least ${minSearchChars} characters`).max(200).optional(),
  sort: z.enum(jobSorts).default('-submittedAt'),
  limit: z.coerce.number().int().min(1).max(maxLimit).default(defaultLimit),
  cursor: z.string().max(500).optional(),
  asOf: instant,
}).refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, { path: ['to'], message: 'must not be before from' });

/** Parses the query of GET /v1/jobs (pure); throws ValidationError (400) with one error per bad parameter. */
export function parseListQuery(query: RawQuery): ListQuery {
  const v = parseQuery(listQuerySchema, query);
  return {
    statuses: v.status ?? [],
    types: v.type ?? [],
    from: v.from ?? null,
    to: v.to ?? null,
    q: v.q ?? null,
    sort: v.sort,
    limit: v.limit,
    cursor: v.cursor === undefined ? null : decodeCursor(v.cursor, v.sort),
    asOf: v.asOf ?? null,
  };
}
