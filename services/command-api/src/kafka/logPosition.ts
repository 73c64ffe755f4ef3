/** Where an acknowledged event sits in the log: its topic, partition and offset (public). */
export interface LogPosition {
  topic: string;
  partition: number;
  /** The Kafka offset (int64) in decimal. */
  offset: string;
}

/** The response header carrying the positions of the events a command published (docs/architecture.md, HTTP contract). */
export const positionHeader = 'Conveyor-Position';

/**
 * Formats positions as the `Conveyor-Position` token the query API's `?after=` takes (public):
 * `topic:partition:offset`, comma-separated, one per partition (the highest offset of each), so a batch
 * of 1000 jobs is at most one entry per partition. Empty when nothing was published.
 */
export function formatLogPositions(positions: readonly LogPosition[]): string {
  const latest = new Map<string, LogPosition>();
  for (const p of positions) {
    const key = `${p.topic}:${p.partition}`;
    const seen = latest.get(key);
    if (!seen || BigInt(p.offset) > BigInt(seen.offset)) latest.set(key, p);
  }
  return [...latest.values()].map((p) => `${p.topic}:${p.partition}:${p.offset}`).join(',');
}
