import type { Pool } from '@conveyor/runtime';
import { checkSchemaName, projectionRegistry, type ProjectionTable } from '../projections';

/** The read-model tables of every job-events projection, with the key that orders and identifies rows. */
export const comparedTables: readonly ProjectionTable[] = projectionRegistry.jobEvents.flatMap((p) => p.tables);

/** One table of a verification report. */
export interface TableComparison {
  table: string;
  liveRows: number;
  rebuiltRows: number;
  liveChecksum: string;
  rebuiltChecksum: string;
  equal: boolean;
  /** Rows whose content differs or that exist on one side only (computed only when the checksums differ). */
  differingRows?: number;
  /** Up to 5 keys of differing rows, with the side they are missing from, if any. */
  sampleKeys?: Array<{ key: string; missingFrom: 'live' | 'rebuilt' | null }>;
}

/** The verification report of a rebuild (public). */
export interface VerificationReport {
  equal: boolean;
  live: string;
  rebuilt: string;
  tables: TableComparison[];
}

/** The compared rows of a table in `schema`, as a from-item: the table, or its `rows` select. */
const rowsOf = ({ table, rows }: ProjectionTable, schema: string) => (rows ? `(${rows(schema)})` : `${schema}.${table}`);

const checksumSql = (from: string, key: string) =>
  `select count(*)::bigint as n, md5(coalesce(string_agg(md5(t::text), '' order by ${key}), '')) as h from ${from} t`;

/**
 * Compares two read-model schemas table by table (public; by default every job-events projection's tables): row counts and a content checksum (md5 over
 * the md5 of every row's text, in key order; a table's `rows`, when it has them, instead of its raw rows); where they differ, how many rows differ and sample keys.
 * Both schemas must hold the same log positions (the swap protocol pauses the live projector first),
 * so every row is comparable.
 */
export async function verifyReadModel(pool: Pool, options: { live: string; rebuilt: string; tables?: readonly ProjectionTable[] }): Promise<VerificationReport> {
  const live = checkSchemaName(options.live);
  const rebuilt = checkSchemaName(options.rebuilt);
  const tables = await Promise.all((options.tables ?? comparedTables).map(async (compared): Promise<TableComparison> => {
    const { table, key } = compared;
    const [a, b] = await Promise.all([live, rebuilt].map(async (s) =>
      (await pool.query<{ n: string; h: string }>(checksumSql(rowsOf(compared, s), key))).rows[0] ?? { n: '0', h: '' }));
    const result: TableComparison = {
      table, liveRows: Number(a?.n), rebuiltRows: Number(b?.n), liveChecksum: a?.h ?? '', rebuiltChecksum: b?.h ?? '',
      equal: a?.n === b?.n && a?.h === b?.h,
    };
    if (result.equal) return result;
    const diff = `select coalesce(a.k, b.k) as key, case when a.k is null then 'live' when b.k is null then 'rebuilt' end as missing_from
      from (select ${key} as k, md5(t::text) as h from ${rowsOf(compared, live)} t) a
      full join (select ${key} as k, md5(t::text) as h from ${rowsOf(compared, rebuilt)} t) b on a.k = b.k
      where a.h is distinct from b.h`;
    const [count, sample] = await Promise.all([
      pool.query<{ n: string }>(`select count(*)::bigint as n from (${diff}) d`),
      pool.query<{ key: string; missing_from: 'live' | 'rebuilt' | null }>(`${diff} order by 1 limit 5`),
    ]);
    result.differingRows = Number(count.rows[0]?.n ?? 0);
    result.sampleKeys = sample.rows.map((r) => ({ key: r.key, missingFrom: r.missing_from }));
    return result;
  }));
  return { equal: tables.every((t) => t.equal), live, rebuilt, tables };
}

/** The report as lines for a terminal (pure). */
export function formatReport(report: VerificationReport): string {
  const lines = [`verification ${report.rebuilt} vs ${report.live}: ${report.equal ? 'EQUAL' : 'DIFFERENT'}`];
  for (const t of report.tables) {
    lines.push(`  ${t.table.padEnd(17)} live ${t.liveRows} rows, rebuilt ${t.rebuiltRows} rows, ${t.equal ? `checksum ${t.liveChecksum} equal` : `${t.differingRows ?? '?'} rows differ`}`);
    for (const s of t.sampleKeys ?? []) lines.push(`    ${s.key}${s.missingFrom ? ` (missing from ${s.missingFrom})` : ' (content differs)'}`);
  }
  return lines.join('\n');
}
