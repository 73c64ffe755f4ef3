import { asOfSchemaName } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';
import { encodeCursor, type JobSort } from './cursor';
import type { ListQuery } from './parseListQuery';
import { jobApiColumns, toJob, toTimelineEntry, type Job, type JobApiColumns, type JobEventsTableRow, type TimelineEntry } from '@conveyor/read-model';

export type { TimelineEntry };

export interface JobPage {
  items: Job[];
  nextCursor: string | null;
}

const sortColumn: Record<JobSort, { column: 'submitted_at' | 'updated_at'; desc: boolean }> = {
  '-submittedAt': { column: 'submitted_at', desc: true },
  submittedAt: { column: 'submitted_at', desc: false },
  '-updatedAt': { column: 'updated_at', desc: true },
};

/** `%`, `_` and `\` match literally in the search text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The SQL of a page of jobs (pure): only the filters given, keyset pagination on (sort column, job_id)
 * matching the indexes of 001_read_models.sql, one row more than the limit to know whether a next page exists.
 */
export function listJobsSql(q: ListQuery, schema?: string): { text: string; values: unknown[] } {
  const jobs = schema ? `${schema}.jobs` : 'jobs';
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  if (q.statuses.length) where.push(`status = any(${param(q.statuses)}::text[])`);
  if (q.types.length) where.push(`type = any(${param(q.types)}::text[])`);
  if (q.from !== null) where.push(`submitted_at >= ${param(new Date(q.from).toISOString())}::timestamptz`);
  if (q.to !== null) where.push(`submitted_at < ${param(new Date(q.to).toISOString())}::timestamptz`);
  if (q.q !== null) where.push(`search_text ilike ${param(`%${likeEscape(q.q)}%`)}`);
  const { column, desc } = sortColumn[q.sort];
  if (q.cursor) {
    where.push(`(${column}, job_id) ${desc ? '<' : '>'} (${param(q.cursor.value)}::timestamptz, ${param(q.cursor.jobId)}::uuid)`);
  }
  const dir = desc ? 'desc' : 'asc';
  const text = `select ${jobApiColumns}, ${column}::text as sort_value from ${jobs}
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by ${column} ${dir}, job_id ${dir} limit ${param(q.limit + 1)}`;
  return { text, values };
}

/** Where a query reads: the live read model, or an as-of snapshot's schema (checked by snapshotSchema). */
export interface ReadFrom {
  schema?: string;
}

/** Read-side queries of the jobs read model (public). */
export function createJobQueries(deps: { pool: Pool }) {
  return {
    async list(q: ListQuery, from: ReadFrom = {}): Promise<JobPage> {
      const { text, values } = listJobsSql(q, from.schema);
      // sort_value is the timestamptz as Postgres prints it, offset included: exact to the microsecond.
      const { rows } = await deps.pool.query<JobApiColumns & { sort_value: string }>(text, values);
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ sort: q.sort, value: last.sort_value, jobId: last.job_id }) : null;
      return { items: page.map(toJob), nextCursor };
    },

    /** The schema of the as-of snapshot built for this instant (to the second), or null when none was built. */
    async snapshotSchema(asOf: number): Promise<string | null> {
      const { rows } = await deps.pool.query<{ schema_name: string }>(
        'select schema_name from replay_snapshots where schema_name = $1 and built_at is not null', [asOfSchemaName(asOf)]);
      return rows[0]?.schema_name ?? null;
    },

    async get(jobId: string, from: ReadFrom = {}): Promise<(Job & { timeline: TimelineEntry[] }) | null> {
      const prefix = from.schema ? `${from.schema}.` : '';
      const [job, events] = await Promise.all([
        deps.pool.query<JobApiColumns>(`select ${jobApiColumns} from ${prefix}jobs where job_id = $1`, [jobId]),
        deps.pool.query<JobEventsTableRow>(
          `select event_id, event_type, occurred_at, attempt, data, partition, "offset" from ${prefix}job_events
           where job_id = $1 order by occurred_at, "offset"`, [jobId]),
      ]);
      const row = job.rows[0];
      if (!row) return null;
      return {
        ...toJob(row),
        timeline: events.rows.map(toTimelineEntry),
      };
    },
  };
}

export type JobQueries = ReturnType<typeof createJobQueries>;
