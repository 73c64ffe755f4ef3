import type { Pool } from '@conveyor/runtime';

/** The share of the jobs holding each common word of a schema's jobs (absent words are rare), for planSearch. */
export type WordShares = (schema?: string) => Promise<ReadonlyMap<string, number>>;

/**
 * Reads Postgres' own statistics of the stored words (`most_common_elems` of `jobs.search_vector` in pg_stats,
 * written by ANALYZE and autovacuum: about the 100 to 1,000 most common words, each with the share of sampled
 * jobs that hold it), kept per schema for `maxAgeMs` (in milliseconds). A schema without statistics, or a
 * failed read, gives no shares: every word rare, the search as before planSearch (internal).
 */
export function createWordShares(deps: { pool: Pool; maxAgeMs?: number; now?: () => number }): WordShares {
  const maxAgeMs = deps.maxAgeMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const kept = new Map<string, { at: number; shares: Promise<ReadonlyMap<string, number>> }>();
  const read = async (schema: string | null): Promise<ReadonlyMap<string, number>> => {
    try {
      const { rows } = await deps.pool.query<{ word: string; share: number }>(
        `select w.word, w.share from pg_stats s,
           unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as w(word, share)
         where s.schemaname = coalesce($1, current_schema()) and s.tablename = 'jobs' and s.attname = 'search_vector'
           and w.word is not null`, [schema]);
      return new Map(rows.map((r) => [r.word, Number(r.share)]));
    } catch {
      return new Map();
    }
  };
  return (schema) => {
    const key = schema ?? '';
    const hit = kept.get(key);
    if (hit && now() - hit.at < maxAgeMs) return hit.shares;
    const shares = read(schema ?? null);
    kept.set(key, { at: now(), shares });
    return shares;
  };
}
