/**
 * The search's statements at 1M jobs, before and after a change, in one run:
 * `npx tsx loadtest/src/bench/searchTerms.ts [--runs 30] [--clients 4]` (Postgres only; DATABASE_URL or the stack's).
 * Seeds the read bench's database (`<DATABASE_URL's>_read1000k`, readSeed.ts) when it is not there, then times each
 * read-bench search term, `limit=50`, in turn: "index" is the statement the API sent before its searches were
 * planned (`listJobsSql` without a plan: every match read from the word index, then sorted), "planned" the API's
 * `list` as it runs now (planSearch: the word shares, the walk, its fallback). Each side `runs` times serially, then
 * `runs` times on each of `clients` concurrent connections, and all terms in turn on each connection (as the read
 * bench asks them); prints p50 / p99 in milliseconds, as markdown, and whether both sides answered the same page.
 */
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createJobQueries, listJobsSql, parseListQuery } from '@conveyor/query-api/jobs';
import { stackEndpoints } from '@conveyor/testing';
import { READ_PLAN } from './readBench';
import { quantile } from './readLatency';
import { seedReadModel } from './readSeed';
import { readSearchTerms } from './readWorkload';

/** A positive integer flag, `--name N` (default `def`); anything else is an error the CLI prints. */
function positiveInt(values: Record<string, string | undefined>, name: string, def: number): number {
  const raw = values[name];
  if (raw === undefined) return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { runs: { type: 'string' }, clients: { type: 'string' } } });
  const runs = positiveInt(values, 'runs', 30);
  const clients = positiveInt(values, 'clients', 4);
  const url = new URL(stackEndpoints().databaseUrl);
  url.pathname = `${url.pathname.replace(/^\//, '')}_read${READ_PLAN.jobs / 1000}k`;
  await ensureDatabase(url.toString());
  const pool = new Pool({ connectionString: url.toString(), max: clients });
  try {
    await migrate(pool);
    await seedReadModel(pool, READ_PLAN.jobs, (line) => process.stderr.write(`${line}\n`));
    const queries = createJobQueries({ pool });
    const query = (term: string) => parseListQuery({ q: term, limit: '50' });
    const sides = {
      index: async (term: string) => (await pool.query<{ job_id: string }>(listJobsSql(query(term)))).rows.map((r) => r.job_id).slice(0, 50),
      planned: async (term: string) => (JSON.parse(await queries.list(query(term))) as { items: Array<{ jobId: string }> }).items.map((j) => j.jobId),
    };
    const timed = async (f: () => Promise<unknown>) => {
      const began = process.hrtime.bigint();
      await f();
      return Number(process.hrtime.bigint() - began) / 1e6;
    };
    /** `runs` rounds of `terms` on each of `clients` connections at once, each client through the terms in turn. */
    const concurrent = async (side: keyof typeof sides, terms: readonly string[]) => {
      const out: number[] = [];
      await Promise.all(Array.from({ length: clients }, async (_, c) => {
        for (let i = 0; i < runs * terms.length; i++) out.push(await timed(() => sides[side](terms[(c + i) % terms.length] as string)));
      }));
      return out;
    };
    const cell = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return `${quantile(sorted, 0.5).toFixed(1)} / ${quantile(sorted, 0.99).toFixed(1)}`;
    };
    const lines = [
      `| term | rows | index serial | planned serial | index, ${clients} clients | planned, ${clients} clients | same page |`,
      '|---|---:|---:|---:|---:|---:|---|',
    ];
    for (const term of readSearchTerms) {
      const [before, after] = [await sides.index(term), await sides.planned(term)];
      const serial = { index: [] as number[], planned: [] as number[] };
      for (let i = 0; i < runs; i++) {
        serial.index.push(await timed(() => sides.index(term)));
        serial.planned.push(await timed(() => sides.planned(term)));
      }
      const [index, planned] = [await concurrent('index', [term]), await concurrent('planned', [term])];
      lines.push(`| ${term} | ${after.length} | ${cell(serial.index)} | ${cell(serial.planned)} | ${cell(index)} | ${cell(planned)} | ${JSON.stringify(before) === JSON.stringify(after) ? 'yes' : '**no**'} |`);
      process.stderr.write(`${lines.at(-1)}\n`);
    }
    // As the read bench asks: every client takes the terms in turn.
    lines.push(`| all terms in turn | | | | ${cell(await concurrent('index', readSearchTerms))} | ${cell(await concurrent('planned', readSearchTerms))} | |`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await pool.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`searchTerms: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
