/** One phase of an open-model schedule: a fixed arrival rate for a while. */
export interface SchedulePhase {
  /** Arrivals per second. */
  rate: number;
  /** In milliseconds. */
  durationMs: number;
}

/** Where the i-th arrival falls. */
export interface Arrival {
  index: number;
  /** Intended send time, in milliseconds after the schedule's start. */
  atMs: number;
  /** Index of the phase it belongs to. */
  phase: number;
}

/** A fixed-rate arrival schedule, computed up front and read by index (no per-arrival allocation up front). */
export interface ArrivalSchedule {
  phases: readonly SchedulePhase[];
  /** Number of arrivals over every phase. */
  total: number;
  /** Duration of every phase together, in milliseconds. */
  durationMs: number;
  /** First arrival index of each phase, plus `total` at the end. */
  phaseStarts: readonly number[];
  /** The i-th arrival (0 ≤ i < total). */
  at(index: number): Arrival;
  /** How many arrivals are due by `elapsedMs` after the start. */
  dueBy(elapsedMs: number): number;
}

/**
 * Builds an open-model schedule: within a phase of rate R the k-th arrival is intended at k/R seconds
 * after the phase start, whatever the system does, so a slow response never delays later sends
 * (latency is measured from these intended times: coordinated omission is corrected).
 */
export function createArrivalSchedule(phases: readonly SchedulePhase[]): ArrivalSchedule {
  if (!phases.length) throw new Error('a schedule needs at least one phase');
  const phaseStarts: number[] = [0];
  const phaseOffsets: number[] = [0];
  for (const p of phases) {
    if (!(p.rate > 0) || !Number.isFinite(p.rate)) throw new Error(`rate must be a positive number, got ${p.rate}`);
    if (!(p.durationMs > 0) || !Number.isFinite(p.durationMs)) throw new Error(`duration must be positive, got ${p.durationMs}`);
    const count = Math.floor((p.rate * p.durationMs) / 1000 + 1e-9);
    phaseStarts.push((phaseStarts.at(-1) as number) + count);
    phaseOffsets.push((phaseOffsets.at(-1) as number) + p.durationMs);
  }
  const total = phaseStarts.at(-1) as number;
  const durationMs = phaseOffsets.at(-1) as number;

  const phaseOf = (index: number): number => {
    let lo = 0;
    let hi = phases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((phaseStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  return {
    phases,
    total,
    durationMs,
    phaseStarts,
    at(index) {
      if (!Number.isInteger(index) || index < 0 || index >= total) throw new RangeError(`arrival ${index} is outside 0..${total - 1}`);
      const phase = phaseOf(index);
      const k = index - (phaseStarts[phase] as number);
      return { index, phase, atMs: (phaseOffsets[phase] as number) + (k * 1000) / (phases[phase] as SchedulePhase).rate };
    },
    dueBy(elapsedMs) {
      if (elapsedMs < 0) return 0;
      let due = 0;
      for (let p = 0; p < phases.length; p++) {
        const start = phaseOffsets[p] as number;
        const count = (phaseStarts[p + 1] as number) - (phaseStarts[p] as number);
        if (elapsedMs < start) break;
        const inPhase = Math.floor(((elapsedMs - start) * (phases[p] as SchedulePhase).rate) / 1000 + 1e-9) + 1;
        due += Math.min(count, inPhase);
      }
      return Math.min(due, total);
    },
  };
}

/** The phases of a ramp: `steps` steps of `stepMs`, starting at `startRate` and multiplied by `factor` each step, capped at `maxRate`. */
export function rampPhases(options: { startRate: number; factor: number; stepMs: number; steps: number; maxRate: number }): SchedulePhase[] {
  const phases: SchedulePhase[] = [];
  let rate = options.startRate;
  for (let i = 0; i < options.steps; i++) {
    phases.push({ rate: Math.min(Math.round(rate), options.maxRate), durationMs: options.stepMs });
    if (rate >= options.maxRate) break;
    rate *= options.factor;
  }
  return phases;
}
