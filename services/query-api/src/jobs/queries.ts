import { createHash } from 'node:crypto';
import { asOfSchemaName } from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';
import { encodeCursor, type JobSort } from './cursor';
import { jobJsonSql, timelineJsonSql } from './jobJsonSql';
import type { ListQuery } from './parseListQuery';

export type { TimelineEntry } from '@conveyor/read-model';

/** A page of GET /v1/jobs: `items` are docs/architecture.md `Job`s. */
export interface JobPage {
  items: unknown[];
  nextCursor: string | null;
}

const sortColumn: Record<JobSort, { column: 'submitted_at' | 'updated_at'; desc: boolean }> = {
  '-submittedAt': { column: 'submitted_at', desc: true },
  submittedAt: { column: 'submitted_at', desc: false },
  '-updatedAt': { column: 'updated_at', desc: true },
};

/** `%`, `_` and `\` match literally in the search text. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The words of a text as the search index holds them: runs of letters and digits, lower-cased (pure). */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * The condition of `q` (pure): every word of q a whole word of the text (`&` over the stored words of each job,
 * `search_vector` and its GIN index, 095_jobs_search_vector.sql), and q itself in the text (`ilike`, case-insensitive), so `orders/42` finds
 * `…/orders/42…` and not `…/orders/421`. Neither a phrase (`<->`) nor a prefix (`:*`): a phrase makes
 * Postgres rebuild the word vector of every candidate row to check positions (420 ms for a term with 5,000
 * matches at 1M jobs), and a short prefix ("com") reads every posting list it begins (330 ms for one match);
 * the literal `ilike` keeps the order and adjacency at the cost of one string search per candidate. A q
 * without any letter or digit (`%%%`) has no words: it is matched literally only.
 */
function searchCondition(q: string, param: (v: unknown) => string): string {
  const words = searchWords(q);
  const literal = `search_text ilike ${param(`%${likeEscape(q)}%`)}`;
  if (!words.length) return literal;
  return `search_vector @@ to_tsquery('simple', ${param([...new Set(words)].join(' & '))}) and ${literal}`;
}

/**
 * The SQL of a page of jobs (pure): only the filters given, keyset pagination on (sort column, job_id)
 * matching the indexes of 001_read_models.sql, one row more than the limit to know whether a next page exists.
 * Each row is the API's Job as JSON text, built by Postgres (jobJsonSql), so the API neither parses nor
 * re-serialises it. `name` is set when the statement's shape is fixed (no text search), so pg prepares it
 * once per connection; a search is planned for its own pattern each time (a generic plan cannot know
 * whether the pattern is rare or common).
 */
export function listJobsSql(q: ListQuery, schema?: string): { text: string; values: unknown[]; name?: string } {
  const jobs = schema ? `${schema}.jobs` : 'jobs';
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  // One value is an equality, so the (status, type, submitted_at) and (type, submitted_at) indexes give the
  // order and the scan stops after the page; `= any(array)` cannot (Postgres 15 reads every match, then sorts).
  const oneOf = (column: string, list: readonly string[]) =>
    list.length === 1 ? `${column} = ${param(list[0])}` : `${column} = any(${param(list)}::text[])`;
  if (q.statuses.length) where.push(oneOf('status', q.statuses));
  if (q.types.length) where.push(oneOf('type', q.types));
  if (q.from !== null) where.push(`submitted_at >= ${param(new Date(q.from).toISOString())}::timestamptz`);
  if (q.to !== null) where.push(`submitted_at < ${param(new Date(q.to).toISOString())}::timestamptz`);
  if (q.q !== null) where.push(searchCondition(q.q, param));
  const { column, desc } = sortColumn[q.sort];
  // The limit is written into the text (a checked integer, 1–201): a prepared statement's generic plan with
  // `limit $n` cannot know the page is small and sorts the whole table instead of reading the index.
  if (q.cursor) {
    where.push(`(${column}, job_id) ${desc ? '<' : '>'} (${param(q.cursor.value)}::timestamptz, ${param(q.cursor.jobId)}::uuid)`);
  }
  const dir = desc ? 'desc' : 'asc';
  const text = `select ${jobJsonSql('')}::text as job, ${column}::text as sort_value, job_id from ${jobs}
    ${where.length ? `where ${where.join(' and ')}` : ''}
    order by ${column} ${dir}, job_id ${dir} limit ${q.limit + 1}`;
  return { text, values, ...(q.q === null ? { name: statementName(text) } : {}) };
}

/** Where a query reads: the live read model, or an as-of snapshot's schema (checked by snapshotSchema). */
export interface ReadFrom {
  schema?: string;
}

/** The name pg prepares a statement under: one per distinct text (pure). */
function statementName(text: string): string {
  return `jobs.${createHash('sha1').update(text).digest('base64url').slice(0, 16)}`;
}

/** The SQL of one job with its timeline, as the API's JSON text (pure); `$1` is the job id. */
export function jobByIdSql(schema?: string): { text: string; name: string } {
  const prefix = schema ? `${schema}.` : '';
  const text = `select json_build_object(${jobJsonSql('j.', true)}, 'timeline', coalesce(
      (select json_agg(${timelineJsonSql('e.')} order by e.occurred_at, e."offset") from ${prefix}job_events e where e.job_id = j.job_id),
      '[]'::json))::text as job
    from ${prefix}jobs j where j.job_id = $1`;
  return { text, name: statementName(text) };
}

/**
 * Read-side queries of the jobs read model (public). `list` and `get` answer the response body as JSON
 * text, built by Postgres in the statement itself (one round trip, no row parsing or serialising here).
 */
export function createJobQueries(deps: { pool: Pool }) {
  return {
    /** A page of jobs as the JSON text of a {@link JobPage}. */
    async list(q: ListQuery, from: ReadFrom = {}): Promise<string> {
      const { rows } = await deps.pool.query<{ job: string; sort_value: string; job_id: string }>(listJobsSql(q, from.schema));
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      // sort_value is the timestamptz as Postgres prints it, offset included: exact to the microsecond.
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ sort: q.sort, value: last.sort_value, jobId: last.job_id }) : null;
      return `{"items":[${page.map((r) => r.job).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
    },

    /** The schema of the as-of snapshot built for this instant (to the second), or null when none was built. */
    async snapshotSchema(asOf: number): Promise<string | null> {
      const { rows } = await deps.pool.query<{ schema_name: string }>(
        'select schema_name from replay_snapshots where schema_name = $1 and built_at is not null', [asOfSchemaName(asOf)]);
      return rows[0]?.schema_name ?? null;
    },

    /** A job with its timeline (`Job & { timeline: TimelineEntry[] }`) as JSON text, or null when unknown. */
    async get(jobId: string, from: ReadFrom = {}): Promise<string | null> {
      const { rows } = await deps.pool.query<{ job: string }>({ ...jobByIdSql(from.schema), values: [jobId] });
      return rows[0]?.job ?? null;
    },
  };
}

export type JobQueries = ReturnType<typeof createJobQueries>;
