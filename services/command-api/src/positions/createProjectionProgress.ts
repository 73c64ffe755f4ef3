import type { Pool } from '@conveyor/runtime';
import { countPositionsBehind, type LogPosition } from '@conveyor/read-model';

/** Tells whether a projection has passed log positions. */
export interface ProjectionProgress {
  passed: (projection: string, positions: readonly LogPosition[]) => Promise<boolean>;
}

/** Reads a projection's progress from `projection_offsets` (internal; see countPositionsBehind). */
export function createProjectionProgress(deps: { pool: Pick<Pool, 'query'> }): ProjectionProgress {
  return {
    passed: async (projection, positions) => await countPositionsBehind(deps.pool, projection, positions) === 0,
  };
}
