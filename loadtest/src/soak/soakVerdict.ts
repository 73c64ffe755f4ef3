/** One sample of one service's process, scraped from its `/metrics`. */
export interface ProcessSample {
  /** Seconds since the load started. */
  t: number;
  /** Resident set size, in bytes (`process_resident_memory_bytes`). */
  rssBytes: number;
  /** V8 heap in use, in bytes (`nodejs_heap_size_used_bytes`). */
  heapUsedBytes: number;
  /** Event-loop delay p99 over the scrape window, in milliseconds (`nodejs_eventloop_lag_p99_seconds`). */
  eventLoopP99Ms: number;
  /**
   * Heap in use plus external memory right after the last major garbage collection, in bytes
   * (`conveyor_memory_after_major_gc_bytes`); absent before the service's first one.
   */
  retainedAfterGcBytes?: number;
}

/** One point of a series: seconds since the load started, and a value. */
export type Point = readonly [number, number];

/** What the verdict looks at. */
export interface SoakObservations {
  /** Samples per service name. */
  services: Record<string, ProcessSample[]>;
  /** Total consumer lag of the platform's groups over time, in messages. */
  lag: Point[];
  /** Submissions not answered 202 (5xx, 4xx, timeouts, refused connections). */
  failedRequests: number;
  /** Jobs accepted (202) that had not finished when the drain ended. */
  unsettled: number;
  /** Services that exited by themselves during the run. */
  exited: string[];
}

/** Thresholds of the verdict; defaults in {@link defaultSoakThresholds}. */
export interface SoakThresholds {
  /**
   * Growth over the last half of the run beyond which a service leaks, in MiB per minute: of the memory
   * retained after major collections, or of RSS for a service that reported no collection in the last half.
   */
  rssSlopeMiBPerMin: number;
  /** Lag growth over the last half beyond which the consumers fall behind, in messages per minute. */
  lagSlopePerMin: number;
  /** Lag at or below which a positive slope is noise (a batch in flight), in messages. */
  lagFloor: number;
  /** An event-loop delay p99 above this in the last half is reported, in milliseconds. */
  eventLoopP99Ms: number;
}

/** The default thresholds: a leak of 1 MiB/min is 1.4 GiB a day. */
export const defaultSoakThresholds: SoakThresholds = { rssSlopeMiBPerMin: 1, lagSlopePerMin: 100, lagFloor: 500, eventLoopP99Ms: 500 };

/** One service's figures over the run. */
export interface ServiceFigures {
  name: string;
  samples: number;
  rssStartMiB: number;
  rssEndMiB: number;
  rssMaxMiB: number;
  /** Least-squares slope of RSS over the last half of the run, in MiB per minute. */
  rssSlopeLastHalfMiBPerMin: number;
  heapEndMiB: number;
  heapSlopeLastHalfMiBPerMin: number;
  /**
   * Least-squares slope over the last half of the memory retained after major collections, in MiB per
   * minute; null when the service reported no major collection in the last half.
   */
  retainedSlopeLastHalfMiBPerMin: number | null;
  /** Memory retained after the last major collection at the end of the run, in MiB; null before any. */
  retainedEndMiB: number | null;
  /** Highest event-loop delay p99 seen over the last half, in milliseconds. */
  eventLoopP99MaxMs: number;
}

/** The verdict: pass, with the figures and each problem named. */
export interface SoakVerdict {
  passed: boolean;
  services: ServiceFigures[];
  lagSlopeLastHalfPerMin: number;
  lagEnd: number | null;
  problems: string[];
  /** Observations that do not fail the run (an event-loop spike). */
  warnings: string[];
}

const MiB = 2 ** 20;
const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Least-squares slope of y over x (units of y per unit of x); 0 with fewer than two distinct x (pure). */
export function slope(points: readonly Point[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/** The points of the last half of the run: t at or after the midpoint of the first and last t (pure). */
export function lastHalf<T extends { t: number }>(samples: readonly T[]): T[] {
  if (!samples.length) return [];
  const mid = (samples[0]!.t + samples[samples.length - 1]!.t) / 2;
  return samples.filter((s) => s.t >= mid);
}

/**
 * Judges a soak (pure): a service leaks when the memory it retains after major garbage collections grows
 * faster than the threshold over the last half (the first half holds warm-up: JIT, pools and caches
 * filling). Heap in use and RSS between collections are a saw-tooth — a straight line fitted to a few
 * minutes of it follows the collector's rhythm (a run ending just before a collection "grows" by tens of
 * MiB a minute) — so they are reported, and RSS growth beyond the threshold with a flat retained memory is a
 * warning; a service that reported no major collection in the last half is judged by its RSS. The
 * consumers fall behind when the lag grows over the last half and ends above the floor; any failed
 * request, unsettled job or service exit fails the run too.
 */
export function soakVerdict(obs: SoakObservations, thresholds: SoakThresholds = defaultSoakThresholds): SoakVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  const services = Object.entries(obs.services).map(([name, samples]): ServiceFigures => {
    const half = lastHalf(samples);
    const perMin = (pick: (s: ProcessSample) => number) => slope(half.map((s) => [s.t / 60, pick(s) / MiB] as const));
    const retainedHalf = half.filter((s) => s.retainedAfterGcBytes !== undefined);
    const retainedEnd = samples.findLast((s) => s.retainedAfterGcBytes !== undefined)?.retainedAfterGcBytes;
    return {
      name,
      samples: samples.length,
      rssStartMiB: round((samples[0]?.rssBytes ?? 0) / MiB, 1),
      rssEndMiB: round((samples[samples.length - 1]?.rssBytes ?? 0) / MiB, 1),
      rssMaxMiB: round(Math.max(0, ...samples.map((s) => s.rssBytes)) / MiB, 1),
      rssSlopeLastHalfMiBPerMin: round(perMin((s) => s.rssBytes), 3),
      heapEndMiB: round((samples[samples.length - 1]?.heapUsedBytes ?? 0) / MiB, 1),
      heapSlopeLastHalfMiBPerMin: round(perMin((s) => s.heapUsedBytes), 3),
      retainedSlopeLastHalfMiBPerMin: retainedHalf.length >= 2 ? round(slope(retainedHalf.map((s) => [s.t / 60, s.retainedAfterGcBytes! / MiB] as const)), 3) : null,
      retainedEndMiB: retainedEnd === undefined ? null : round(retainedEnd / MiB, 1),
      eventLoopP99MaxMs: round(Math.max(0, ...half.map((s) => s.eventLoopP99Ms)), 1),
    };
  });
  for (const s of services) {
    if (s.samples < 4) problems.push(`${s.name}: only ${s.samples} samples, too few to judge`);
    else if (s.retainedSlopeLastHalfMiBPerMin !== null) {
      if (s.retainedSlopeLastHalfMiBPerMin > thresholds.rssSlopeMiBPerMin) {
        problems.push(`${s.name}: memory retained after garbage collection grows ${s.retainedSlopeLastHalfMiBPerMin} MiB/min over the last half (threshold ${thresholds.rssSlopeMiBPerMin}): a leak`);
      } else if (s.rssSlopeLastHalfMiBPerMin > thresholds.rssSlopeMiBPerMin) {
        warnings.push(`${s.name}: RSS rose ${s.rssSlopeLastHalfMiBPerMin} MiB/min over the last half while the memory retained after garbage collection stayed within ${thresholds.rssSlopeMiBPerMin} MiB/min (${s.retainedSlopeLastHalfMiBPerMin}): the collector's rhythm, not a leak`);
      }
    } else if (s.rssSlopeLastHalfMiBPerMin > thresholds.rssSlopeMiBPerMin) {
      problems.push(`${s.name}: RSS grows ${s.rssSlopeLastHalfMiBPerMin} MiB/min over the last half (threshold ${thresholds.rssSlopeMiBPerMin}; no major garbage collection reported to judge by): a leak`);
    }
    if (s.eventLoopP99MaxMs > thresholds.eventLoopP99Ms) warnings.push(`${s.name}: event-loop delay p99 reached ${s.eventLoopP99MaxMs} ms in the last half`);
  }
  const lagHalf = lastHalf(obs.lag.map(([t, v]) => ({ t, v })));
  const lagSlopeLastHalfPerMin = round(slope(lagHalf.map((p) => [p.t / 60, p.v] as const)), 1);
  const lagEnd = obs.lag.length ? obs.lag[obs.lag.length - 1]![1] : null;
  if (lagEnd !== null && lagSlopeLastHalfPerMin > thresholds.lagSlopePerMin && lagEnd > thresholds.lagFloor) {
    problems.push(`consumer lag grows ${lagSlopeLastHalfPerMin} messages/min over the last half and ends at ${lagEnd}: the consumers fall behind`);
  }
  if (obs.failedRequests > 0) problems.push(`${obs.failedRequests} submissions were not accepted`);
  if (obs.unsettled > 0) problems.push(`${obs.unsettled} accepted jobs had not finished after the drain`);
  for (const name of obs.exited) problems.push(`${name} exited during the run`);
  return { passed: problems.length === 0, services, lagSlopeLastHalfPerMin, lagEnd, problems, warnings };
}
