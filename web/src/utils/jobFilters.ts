import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { JobQuery, JobSort } from '@/api/jobs';
import { jobStatuses, type JobStatus, type JobStreamEvent } from '@/api/types';

export const timeRanges = ['15m', '1h', '6h', '24h', '7d'] as const;
export type TimeRange = '' | (typeof timeRanges)[number] | 'custom';
const rangeMs: Record<(typeof timeRanges)[number], number> = { '15m': 900e3, '1h': 3600e3, '6h': 21600e3, '24h': 86400e3, '7d': 604800e3 };
export const sorts: readonly JobSort[] = ['-submittedAt', 'submittedAt', '-updatedAt'];

/** The Jobs page's filters, mirrored in the URL query so a link shows the same list. */
export interface JobFilters {
  status: JobStatus[];
  type: string;
  range: TimeRange;
  /** Custom range bounds, ISO strings. */
  from: string;
  to: string;
  q: string;
  sort: JobSort;
  cursor: string;
}

export const emptyFilters = (): JobFilters => ({ status: [], type: '', range: '', from: '', to: '', q: '', sort: '-submittedAt', cursor: '' });

const one = (v: LocationQuery[string] | undefined): string => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')) as string;

export function filtersFromQuery(query: LocationQuery): JobFilters {
  const status = one(query.status).split(',').filter((s): s is JobStatus => (jobStatuses as readonly string[]).includes(s));
  const range = one(query.range);
  const sort = one(query.sort) as JobSort;
  return {
    status,
    type: one(query.type),
    range: (timeRanges as readonly string[]).includes(range) || range === 'custom' ? (range as TimeRange) : one(query.from) ? 'custom' : '',
    from: one(query.from),
    to: one(query.to),
    q: one(query.q),
    sort: sorts.includes(sort) ? sort : '-submittedAt',
    cursor: one(query.cursor),
  };
}

/** The URL query of some filters: defaults are left out to keep links short. */
export function filtersToQuery(f: JobFilters): LocationQueryRaw {
  const q: LocationQueryRaw = {};
  if (f.status.length) q.status = f.status.join(',');
  if (f.type) q.type = f.type;
  if (f.range) q.range = f.range;
  if (f.range === 'custom' && f.from) q.from = f.from;
  if (f.range === 'custom' && f.to) q.to = f.to;
  if (f.q) q.q = f.q;
  if (f.sort !== '-submittedAt') q.sort = f.sort;
  if (f.cursor) q.cursor = f.cursor;
  return q;
}

/** The shortest search the query API accepts (its `q` has minLength 3): a shorter one is not sent yet. */
export const minSearchChars = 3;

/** The API query of some filters at time `now` (relative ranges are resolved here). */
export function filtersToApi(f: JobFilters, now: number, limit: number): JobQuery {
  const preset = f.range && f.range !== 'custom' ? rangeMs[f.range] : undefined;
  return {
    status: f.status.length ? f.status : undefined,
    type: f.type || undefined,
    from: preset ? new Date(now - preset).toISOString() : f.range === 'custom' && f.from ? f.from : undefined,
    to: f.range === 'custom' && f.to ? f.to : undefined,
    q: f.q.trim().length >= minSearchChars ? f.q : undefined,
    sort: f.sort,
    limit,
    cursor: f.cursor || undefined,
  };
}

/** Whether a newly submitted job would appear in the list under these filters (free text is not checked). */
export function matchesFilters(f: JobFilters, e: JobStreamEvent): boolean {
  if (f.type && e.type !== f.type) return false;
  if (f.status.length && !f.status.includes(e.status)) return false;
  if (f.range === 'custom' && f.to && Date.parse(e.occurredAt) > Date.parse(f.to)) return false;
  return true;
}
