import type { Pool } from '@conveyor/runtime';
import type { BucketState } from './headers';
import type { BucketLimits } from './policies';

/** The bucket refilled up to now, capped at the burst: `b` is the stored row, `excluded` carries now. */
const refilled = 'least($3::float8, b.tokens + greatest(0, extract(epoch from excluded.refilled_at - b.refilled_at)::float8) * $4::float8)';

/**
 * One atomic statement per check (migration 020): the row of the bucket is created full, or refilled by
 * the time elapsed since its last check (PostgreSQL's `clock_timestamp()`, one clock for every API
 * instance), then `$2` tokens are taken when there are that many. Concurrent checks of one bucket queue
 * on its row lock, so two instances never spend the same token.
 */
const takeSql = `
  insert into rate_limit_buckets as b (bucket_key, tokens, granted, refilled_at)
  select $1, case when $2::float8 <= $3::float8 then $3::float8 - $2::float8 else $3::float8 end, $2::float8 <= $3::float8, now.at
  from (select clock_timestamp() as at) as now
  on conflict (bucket_key) do update set
    tokens = case when ${refilled} >= $2::float8 then ${refilled} - $2::float8 else ${refilled} end,
    granted = ${refilled} >= $2::float8,
    refilled_at = excluded.refilled_at
  returning tokens, granted`;

/** The token buckets in PostgreSQL, shared by every API instance (internal). */
export function createBucketStore(options: { pool: Pool }) {
  return {
    /** Takes `cost` tokens from the bucket `key` when it holds that many; returns what is left and whether they were taken. */
    async take(key: string, limits: BucketLimits, cost: number): Promise<BucketState> {
      const { rows } = await options.pool.query<{ tokens: number; granted: boolean }>(takeSql, [key, cost, limits.burst, limits.perSecond]);
      const row = rows[0];
      if (!row) throw new Error('rate_limit_buckets returned no row');
      return { tokens: Number(row.tokens), granted: row.granted };
    },

    /** Deletes buckets untouched for `idleSeconds` (they would be full again anyway); returns how many. */
    async prune(idleSeconds: number): Promise<number> {
      const { rowCount } = await options.pool.query(
        `delete from rate_limit_buckets where refilled_at < clock_timestamp() - make_interval(secs => $1)`, [idleSeconds]);
      return rowCount ?? 0;
    },
  };
}

export type BucketStore = ReturnType<typeof createBucketStore>;
