import { jobByIdSql, listJobsSql, parseListQuery, planListSearch } from '@conveyor/query-api/jobs';
import { seededJobIdSql } from './readSeed';
import type { PgbenchScript } from './runPgbench';

/** One query of the read bench: the API's request and the same statement as pgbench scripts. */
export interface ReadQuery {
  name: string;
  /** What it asks, for the report. */
  what: string;
  /** The next request path (the variants in turn, ids at random). */
  path: () => string;
  scripts: PgbenchScript[];
  /** pgbench's protocol: `prepared` as pg's named statements; `simple` plans each one as pg's unnamed statements are. */
  protocol: 'prepared' | 'simple';
}

/** A parameter's value as an SQL literal (pure): arrays in Postgres' array syntax, the statement's casts type them. */
function literal(value: unknown): string {
  const text = Array.isArray(value) ? `{${value.map((v) => `"${String(v)}"`).join(',')}}` : String(value);
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * The pgbench text of a statement (pure): each `$n` becomes the literal of its value, or the pgbench
 * expression given for it (a random id). pgbench's `-M prepared|extended` sends the literals as part of
 * the statement text, the expressions as parameters.
 */
export function pgbenchText(text: string, values: readonly unknown[], expressions: Record<number, string> = {}, preamble = ''): string {
  const sql = text.replace(/\$(\d+)/g, (_, n: string) => expressions[Number(n)] ?? literal(values[Number(n) - 1]));
  return `${preamble}${sql.replace(/\s+/g, ' ')};`;
}

/** pgbench scripts of list queries; a search planned from `wordShares` as the API plans it (its first statement). */
const listScripts = (queries: string[], wordShares: ReadonlyMap<string, number> = new Map()): PgbenchScript[] => queries.map((query) => {
  const q = parseListQuery(Object.fromEntries(new URLSearchParams(query)));
  const { text, values } = listJobsSql(q, undefined, planListSearch(q, wordShares));
  return { text: pgbenchText(text, values) };
});

let turn = 0;
const inTurn = (paths: string[]) => () => paths[turn++ % paths.length] as string;

/** `md5(i)` as a uuid, as the seed and pgbench compute it (pure). */
export function seededJobId(i: number, md5: (s: string) => string): string {
  const h = md5(String(i));
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The read bench's search terms (public): users' e-mail addresses and order ids (a handful of matches each),
 * partner hosts (~230 and ~5,000), an error code (~1 % of the jobs) and a term found nowhere.
 */
export const readSearchTerms = ['user4217@example.com', 'user31337@example.com', 'orders/777777', 'orders/123456', 'api.partner17.test', 'api.partner145.test', 'ETIMEDOUT', 'no-such-term-zq'];

/**
 * The read bench's queries (public): list, filter (status + type), by id and search `q` (readSearchTerms), over
 * a data set of `jobs` seeded rows. pgbench runs the search statements the API sends first, planned from the
 * database's `wordShares` (createWordShares; without them, the word index statement).
 */
export function readQueries(jobs: number, md5: (s: string) => string, wordShares?: ReadonlyMap<string, number>): ReadQuery[] {
  const filters = ['status=failed&type=http.request', 'status=succeeded&type=email.send', 'status=queued&type=report.generate'];
  const terms = readSearchTerms;
  const searches = terms.map((t) => `q=${encodeURIComponent(t)}&limit=50`);
  const byId = jobByIdSql();
  return [
    { name: 'list', what: 'GET /v1/jobs?limit=50', path: () => '/v1/jobs?limit=50', scripts: listScripts(['limit=50']), protocol: 'prepared' },
    {
      name: 'filter', what: `GET /v1/jobs?${filters.join(' | ')}&limit=50`, path: inTurn(filters.map((f) => `/v1/jobs?${f}&limit=50`)),
      scripts: listScripts(filters.map((f) => `${f}&limit=50`)), protocol: 'prepared',
    },
    {
      name: 'by id', what: `GET /v1/jobs/:id (job and timeline), ids at random among ${jobs.toLocaleString('en')}`,
      path: () => `/v1/jobs/${seededJobId(1 + Math.floor(Math.random() * jobs), md5)}`,
      scripts: [{ text: pgbenchText(byId.text, [], { 1: seededJobIdSql(':i') }, `\\set i random(1, ${jobs})\n`) }], protocol: 'prepared',
    },
    {
      name: 'search', what: `GET /v1/jobs?q=<term>&limit=50, terms in turn: ${terms.join(', ')}`, path: inTurn(searches.map((s) => `/v1/jobs?${s}`)),
      // Simple protocol: the word index's expression holds `[:alnum:]`, which pgbench's other modes take for a variable.
      scripts: listScripts(searches, wordShares), protocol: 'simple',
    },
  ];
}
