import { randomUUID } from 'node:crypto';
import { createReadModelSchema, dropReadModelSchema, migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { parseListQuery } from '../src/jobs/parseListQuery';
import { createJobQueries } from '../src/jobs/queries';
import { createWordShares } from '../src/jobs/wordShares';

const { databaseUrl } = stackEndpoints();
const type = uniqueName('qsearch');
// A word of letters and digits only, so it is one word of the search index.
const word = `w${uniqueName('x').slice(2)}`;
const base = Date.now() - 3_600_000;
let pool: Pool;

/** Job i (0 oldest … 39 newest) holds the word whole when i % 3 == 0 among the newest 20 and the oldest 5, inside a longer word when i % 3 == 1. */
const payload = (i: number) => ({ note: i % 3 === 0 && (i >= 20 || i < 5) ? `${word} ${i}` : i % 3 === 1 ? `${word}x ${i}` : `other ${i}` });

beforeAll(async () => {
  pool = createPgPool({ url: databaseUrl, name: 'query-api-search-test' });
  await migrate(pool);
  for (let i = 0; i < 40; i++) {
    await pool.query(
      `insert into jobs (job_id, type, status, priority, payload, attempts, max_attempts, backoff, submitted_at, updated_at, actor, version, trace_id)
       values ($1, $2, 'succeeded', 'normal', $3, 1, 3, '{"kind":"fixed","delayMs":1,"maxDelayMs":1}', $4, $4, 'test', 1, 'abc')`,
      [randomUUID(), type, JSON.stringify(payload(i)), new Date(base + i * 1000)]);
  }
});

afterAll(async () => {
  await pool?.end();
});

/** Every page of `query` in turn, as the notes' numbers, and the statements each page sent. */
async function pages(queries: ReturnType<typeof createJobQueries>, query: Record<string, string>, sent: string[][]): Promise<number[][]> {
  const out: number[][] = [];
  let cursor: string | null = null;
  do {
    sent.push([]);
    const page = JSON.parse(await queries.list(parseListQuery({ ...query, ...(cursor ? { cursor } : {}) }))) as { items: Array<{ payload: { note: string } }>; nextCursor: string | null };
    out.push(page.items.map((j) => Number(j.payload.note.split(' ')[1])));
    cursor = page.nextCursor;
  } while (cursor && out.length < 20);
  return out;
}

describe('search walking the newest jobs', () => {
  it('pages exactly as the word index does, falling back to it when the walk comes up short', async () => {
    const sent: string[][] = [];
    const counting = { query: (sql: { text: string }) => { sent.at(-1)?.push(sql.text); return pool.query(sql); } } as unknown as Pool;
    // The word in half of the jobs: a page of 5 rows is expected within 10, half of the walk's 20.
    const walking = createJobQueries({ pool: counting, wordShares: async () => new Map([[word, 0.5]]), searchLimits: { commonShare: 0.9, walkRows: 20 } });
    const indexed = createJobQueries({ pool, wordShares: async () => new Map() });
    const query = { q: word.toUpperCase(), type, limit: '4' };

    const walked = await pages(walking, query, sent);
    expect(walked).toEqual([[39, 36, 33, 30], [27, 24, 21, 3], [0]]);
    expect(walked).toEqual(await pages(indexed, query, []));
    // Page 1: the walk found 5 matches among the newest 20 jobs; page 2: 3 among the next 20, then the index.
    expect(sent[0]).toHaveLength(1);
    expect(sent[0]?.[0]).toMatch(/limit 20\) jobs where search_vector @@/);
    expect(sent[1]).toHaveLength(2);
    expect(sent[1]?.[1]).not.toMatch(/limit 20\)/);

    const oldestFirst = { ...query, sort: 'submittedAt' };
    expect((await pages(walking, oldestFirst, [])).flat()).toEqual([0, 3, 21, 24, 27, 30, 33, 36, 39]);
  });

  it('reads word shares from the statistics of the stored words, none for a schema without them', async () => {
    // A read model of its own (as a rebuild or an as-of snapshot makes), so the shares are this test's alone.
    const schema = `qsearch_${word.slice(1)}`;
    const client = await pool.connect();
    try {
      await createReadModelSchema(client, schema);
      await client.query(`insert into ${schema}.jobs select * from jobs where type = $1`, [type]);
      await client.query(`analyze ${schema}.jobs`);
      const shares = await createWordShares({ pool })(schema);
      expect(shares.get(word)).toBeCloseTo(9 / 40, 5);
      expect(shares.get('other')).toBeCloseTo(18 / 40, 5);
      expect((await createWordShares({ pool })('no_such_schema')).size).toBe(0);
    } finally {
      await dropReadModelSchema(client, schema);
      client.release();
    }
  });
});
