/** The windows of GET /v1/stats and the bucket size of each, in seconds (one visible table). */
export const statsWindows = {
  '15m': { seconds: 15 * 60, bucketSeconds: 60 },
  '1h': { seconds: 60 * 60, bucketSeconds: 60 },
  '6h': { seconds: 6 * 60 * 60, bucketSeconds: 5 * 60 },
  '24h': { seconds: 24 * 60 * 60, bucketSeconds: 15 * 60 },
  '7d': { seconds: 7 * 24 * 60 * 60, bucketSeconds: 60 * 60 },
} as const;

export type StatsWindowName = keyof typeof statsWindows;

/** A resolved window: [from, to) in epoch milliseconds, aligned to its buckets. */
export interface StatsRange {
  from: number;
  to: number;
  bucketSeconds: number;
  /** Start of each bucket, oldest first. */
  buckets: number[];
}

/**
 * The range a window covers at `now` (pure): it ends at the end of the current bucket (so the minute in
 * progress shows) and holds exactly seconds / bucketSeconds buckets aligned to the epoch.
 */
export function statsRange(window: StatsWindowName, now: number): StatsRange {
  const { seconds, bucketSeconds } = statsWindows[window];
  const bucketMs = bucketSeconds * 1000;
  const to = Math.floor(now / bucketMs) * bucketMs + bucketMs;
  const from = to - seconds * 1000;
  const buckets: number[] = [];
  for (let t = from; t < to; t += bucketMs) buckets.push(t);
  return { from, to, bucketSeconds, buckets };
}

/** The bucket a minute falls in (pure). */
export function bucketOf(minute: number, bucketSeconds: number): number {
  const bucketMs = bucketSeconds * 1000;
  return Math.floor(minute / bucketMs) * bucketMs;
}
