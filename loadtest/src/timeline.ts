/** Counters of one second of a run. */
export interface TimelinePoint {
  /** Seconds since the run started. */
  t: number;
  sent: number;
  accepted: number;
  completed: number;
  errors: number;
  dropped: number;
}

export type TimelineCounter = Exclude<keyof TimelinePoint, 't'>;

/** Per-second counters over a run, bounded to `maxSeconds` buckets (later events land in the last one). */
export function createTimeline(startedAt: number, maxSeconds = 720) {
  const points: TimelinePoint[] = [];
  const bucket = (at: number): TimelinePoint => {
    const t = Math.min(maxSeconds, Math.max(0, Math.floor((at - startedAt) / 1000)));
    while (points.length <= t) points.push({ t: points.length, sent: 0, accepted: 0, completed: 0, errors: 0, dropped: 0 });
    return points[t] as TimelinePoint;
  };
  return {
    add(counter: TimelineCounter, at: number, by = 1): void {
      bucket(at)[counter] += by;
    },
    points: (): TimelinePoint[] => points.map((p) => ({ ...p })),
  };
}
