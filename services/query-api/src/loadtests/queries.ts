import { decodeTimeIdCursor, encodeTimeIdCursor } from '../http/timeIdCursor';
import type { Pool } from '@conveyor/runtime';

/** A load-test run as listed: its settings and a summary of its results (no histograms, no time series). */
export interface LoadtestRunSummary {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  settings: unknown;
  summary: unknown;
}

/** A run in full, with the results as the CLI wrote them (encoded HDR histograms included). */
export interface LoadtestRun {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  settings: unknown;
  results: unknown;
}

/** Query of GET /v1/loadtests. */
export interface LoadtestListQuery {
  limit: number;
  status: string | null;
  cursor: { startedAt: string; id: string } | null;
}

export interface LoadtestPage {
  items: LoadtestRunSummary[];
  nextCursor: string | null;
}

/** The summary of a run, built in SQL so the list never ships histograms or time series. */
const summarySql = `case when results is null then null else jsonb_build_object(
  'passed', results->'passed', 'balanced', results->'balanced', 'target', results->'target',
  'tally', results->'tally', 'rates', results->'rates', 'counts', (results->'counts') - 'errorSamples',
  'latency', jsonb_build_object(
    'http', (results->'latency'->'http') - 'hdr', 'e2e', (results->'latency'->'e2e') - 'hdr', 'visible', (results->'latency'->'visible') - 'hdr'),
  'lagMax', results->'lagMax', 'sustainableRate', results->'ramp'->'sustainableRate') end`;

/** Encodes a keyset position (opaque to clients). */
export const encodeLoadtestCursor = (startedAt: string, id: string): string => encodeTimeIdCursor(startedAt, id);

/** Decodes a cursor; null when it is not one of ours. */
export function decodeLoadtestCursor(cursor: string): { startedAt: string; id: string } | null {
  const c = decodeTimeIdCursor(cursor);
  return c && { startedAt: c.at, id: c.id };
}

/** The SQL of a page of runs, newest first, keyset-paginated on (started_at, id) (pure). */
export function listLoadtestsSql(q: LoadtestListQuery): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const param = (v: unknown) => `$${values.push(v)}`;
  const where: string[] = [];
  if (q.status) where.push(`status = ${param(q.status)}`);
  if (q.cursor) where.push(`(started_at, id) < (${param(q.cursor.startedAt)}::timestamptz, ${param(q.cursor.id)}::uuid)`);
  const text = `select id, to_json(started_at)#>>'{}' as started_at, to_json(finished_at)#>>'{}' as finished_at, status, settings, ${summarySql} as summary
    from loadtest_runs ${where.length ? `where ${where.join(' and ')}` : ''}
    order by started_at desc, id desc limit ${param(q.limit + 1)}`;
  return { text, values };
}

interface Row {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: string;
  settings: unknown;
}

/** Read-side queries of loadtest_runs (public). */
export function createLoadtestQueries(deps: { pool: Pool }) {
  return {
    async list(q: LoadtestListQuery): Promise<LoadtestPage> {
      const { text, values } = listLoadtestsSql(q);
      const { rows } = await deps.pool.query<Row & { summary: unknown }>(text, values);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({ id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, settings: r.settings, summary: r.summary })),
        nextCursor: rows.length > q.limit && last ? encodeLoadtestCursor(last.started_at, last.id) : null,
      };
    },
    async get(id: string): Promise<LoadtestRun | null> {
      const { rows } = await deps.pool.query<Row & { results: unknown }>(
        `select id, to_json(started_at)#>>'{}' as started_at, to_json(finished_at)#>>'{}' as finished_at, status, settings, results
         from loadtest_runs where id = $1`, [id]);
      const r = rows[0];
      return r ? { id: r.id, startedAt: r.started_at, finishedAt: r.finished_at, status: r.status, settings: r.settings, results: r.results } : null;
    },
  };
}

export type LoadtestQueries = ReturnType<typeof createLoadtestQueries>;
