import { jobsProjection } from './jobsProjection';
import { jobStatsProjection } from './jobStatsProjection';
import { timelineProjection } from './timelineProjection';

/** A projection's identity: its name (the key of its offsets) and the events it handles. */
export interface ProjectionInfo {
  name: string;
  handles: readonly string[];
}

/** Every projection the projector writes, in one list (public). */
export const projections: readonly ProjectionInfo[] = [jobsProjection, timelineProjection, jobStatsProjection];

/** Returns the projection names, refusing duplicates (two projections sharing offsets would skip events). */
export function projectionNames(list: readonly ProjectionInfo[] = projections): string[] {
  const names = list.map((p) => p.name);
  const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicates.length) throw new Error(`duplicate projection names: ${[...new Set(duplicates)].join(', ')}`);
  return names;
}
