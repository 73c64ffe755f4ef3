import type { Pool } from '@conveyor/runtime';
import type { LogPosition } from '../kafka/logPosition';

/** Tells whether a projection has passed log positions. */
export interface ProjectionProgress {
  passed: (projection: string, positions: readonly LogPosition[]) => Promise<boolean>;
}

/**
 * Reads a projection's progress from `projection_offsets` (internal): the projectors store their next
 * offset per (projection, topic, partition) in the same transaction as their rows, so a position is
 * passed, and its effect readable, once `next_offset` is beyond it.
 */
export function createProjectionProgress(deps: { pool: Pick<Pool, 'query'> }): ProjectionProgress {
  return {
    async passed(projection, positions) {
      if (!positions.length) return true;
      const { rows } = await deps.pool.query<{ missing: number }>(
        `select count(*)::int as missing from unnest($2::text[], $3::int[], $4::bigint[]) as w(topic, partition, at)
         left join projection_offsets o on o.projection = $1 and o.topic = w.topic and o.partition = w.partition and o.next_offset > w.at
         where o.projection is null`,
        [projection, positions.map((p) => p.topic), positions.map((p) => p.partition), positions.map((p) => p.offset)]);
      return rows[0]?.missing === 0;
    },
  };
}
