import { asOfSchemaName } from '@conveyor/read-model';
import { prepared, type Pool } from '@conveyor/runtime';
import { encodeCursor, type JobSort } from './cursor';
import { jobJsonSql, timelineJsonSql } from './jobJsonSql';
import type { ListQuery } from './parseListQuery';
import { planSearch, type SearchPlan, type SearchPlanLimits } from './planSearch';
import { createWordShares, type WordShares } from './wordShares';

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
 * without any letter or digit (`%%%`) has no words: it is matched literally only. `indexWords` (planSearch) are
 * the words read from the index; the others (common ones, e.g. `example`, `com`) are tested on each candidate's
 * stored words by `ts_match_vq`, the function behind `@@`, which no index serves: the same condition, a shorter
 * index read.
 */
function searchCondition(q: string, param: (v: unknown) => string, indexWords?: readonly string[]): string {
  const words = [...new Set(searchWords(q))];
  const literal = `search_text ilike ${param(`%${likeEscape(q)}%`)}`;
  if (!words.length) return literal;
  const looked = indexWords?.length ? indexWords : words;
  const rest = looked.length < words.length ? ` and ts_match_vq(search_vector, to_tsquery('simple', ${param(words.join(' & '))}))` : '';
  return `search_vector @@ to_tsquery('simple', ${param(looked.join(' & '))})${rest} and ${literal}`;
}

/**
 * The SQL of a page of jobs (pure): only the filters given, keyset pagination on (sort column, job_id)
 * matching the indexes of 001_read_models.sql, one row more than the limit to know whether a next page exists.
 * Each row is the API's Job as JSON text, built by Postgres (jobJsonSql), so the API neither parses nor
 * re-serialises it. `name` is set when the statement's shape is fixed (no text search), so pg prepares it
 * once per connection; a search is planned for its own pattern each time (a generic plan cannot know
 * whether the pattern is rare or common). `search` (planSearch) narrows the index lookup of q, or walks: the
 * jobs of the filters are read in the page's order, at most `walkRows` of them (a subquery with its own limit,
 * so neither the word index nor a sort can serve it), and the search tests each until the page is full. The
 * walk's page is the page when it is full; a short one proves nothing (the matches may lie further), and the
 * caller asks again without the walk.
 */
export function listJobsSql(q: ListQuery, schema?: string, search?: SearchPlan): { text: string; values: unknown[]; name?: string } {
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
  const walkRows = search?.walkRows ?? null;
  const matched = q.q === null ? null : searchCondition(q.q, param, walkRows === null ? search?.indexWords : undefined);
  if (matched !== null && walkRows === null) where.push(matched);
  const { column, desc } = sortColumn[q.sort];
  // The limit is written into the text (a checked integer, 1–201): a prepared statement's generic plan with
  // `limit $n` cannot know the page is small and sorts the whole table instead of reading the index.
  if (q.cursor) {
    where.push(`(${column}, job_id) ${desc ? '<' : '>'} (${param(q.cursor.value)}::timestamptz, ${param(q.cursor.jobId)}::uuid)`);
  }
  const dir = desc ? 'desc' : 'asc';
  const order = `order by ${column} ${dir}, job_id ${dir}`;
  const filtered = `${jobs}
    ${where.length ? `where ${where.join(' and ')}` : ''}`;
  const from = walkRows === null || matched === null ? filtered : `(select * from ${filtered} ${order} limit ${walkRows}) jobs where ${matched}`;
  const text = `select ${jobJsonSql('')}::text as job, ${column}::text as sort_value, job_id from ${from}
    ${order} limit ${q.limit + 1}`;
  return { text, values, ...(q.q === null ? { name: prepared(text, undefined, 'jobs').name } : {}) };
}

/** Where a query reads: the live read model, or an as-of snapshot's schema (checked by snapshotSchema). */
export interface ReadFrom {
  schema?: string;
}

/** The SQL of one job with its timeline, as the API's JSON text (pure); `$1` is the job id. */
export function jobByIdSql(schema?: string): { text: string; name: string } {
  const prefix = schema ? `${schema}.` : '';
  const text = `select json_build_object(${jobJsonSql('j.', true)}, 'timeline', coalesce(
      (select json_agg(${timelineJsonSql('e.')} order by e.occurred_at, e."offset") from ${prefix}job_events e where e.job_id = j.job_id),
      '[]'::json))::text as job
    from ${prefix}jobs j where j.job_id = $1`;
  return { text, name: prepared(text, undefined, 'jobs').name };
}

/**
 * Whether an index gives the jobs of the filters in the page's order, so a walk reads them in order (pure): one
 * status and one type at most (the (status, type, submitted_at) indexes), and no filter at all when sorted by
 * update (its index holds updated_at alone).
 */
function walkable(q: ListQuery): boolean {
  if (q.statuses.length > 1 || q.types.length > 1) return false;
  return q.sort !== '-updatedAt' || (q.statuses.length === 0 && q.types.length === 0 && q.from === null && q.to === null);
}

/**
 * The plan of a list query's search (pure): planSearch over the words of q and the word shares of the schema it
 * reads, without the walk where no index gives the page's order; undefined without q. The read bench plans its
 * pgbench statements with it, as `list` does.
 */
export function planListSearch(q: ListQuery, shares: ReadonlyMap<string, number>, limits?: SearchPlanLimits): SearchPlan | undefined {
  if (q.q === null) return undefined;
  const planned = planSearch(searchWords(q.q), shares, q.limit + 1, limits);
  return walkable(q) ? planned : { ...planned, walkRows: null };
}

/**
 * Read-side queries of the jobs read model (public). `list` and `get` answer the response body as JSON
 * text, built by Postgres in the statement itself (one round trip, no row parsing or serialising here).
 * A search is planned from the word shares of the schema it reads (planSearch; `wordShares` defaults to
 * Postgres' statistics, createWordShares; `searchLimits` to searchPlanLimits): a walk whose page comes up short
 * costs a second statement, the index lookup, so every plan answers the same page.
 */
export function createJobQueries(deps: { pool: Pool; wordShares?: WordShares; searchLimits?: SearchPlanLimits }) {
  const wordShares = deps.wordShares ?? createWordShares({ pool: deps.pool });
  const page = (sql: ReturnType<typeof listJobsSql>) => deps.pool.query<{ job: string; sort_value: string; job_id: string }>(sql);
  return {
    /** A page of jobs as the JSON text of a {@link JobPage}. */
    async list(q: ListQuery, from: ReadFrom = {}): Promise<string> {
      const search = q.q === null ? undefined : planListSearch(q, await wordShares(from.schema), deps.searchLimits);
      let { rows } = await page(listJobsSql(q, from.schema, search));
      // A short page from the walk: the matches lie beyond the jobs it read, or are fewer; the index finds them.
      if (search?.walkRows != null && rows.length <= q.limit) ({ rows } = await page(listJobsSql(q, from.schema, { ...search, walkRows: null })));
      const items = rows.slice(0, q.limit);
      const last = items[items.length - 1];
      // sort_value is the timestamptz as Postgres prints it, offset included: exact to the microsecond.
      const nextCursor = rows.length > q.limit && last ? encodeCursor({ sort: q.sort, value: last.sort_value, jobId: last.job_id }) : null;
      return `{"items":[${items.map((r) => r.job).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`;
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
