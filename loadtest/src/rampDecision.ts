/** What one ramp step measured. */
export interface RampStepStats {
  /** Target arrival rate of the step, per second. */
  rate: number;
  /** Arrivals scheduled in the step. */
  scheduled: number;
  /** Requests that got a 202. */
  accepted: number;
  /** Requests that failed (HTTP status, network, timeout) or were dropped for want of concurrency. */
  errors: number;
  /** Jobs of any step that settled during the step's window. */
  completedInWindow: number;
  /** Step length, in milliseconds. */
  durationMs: number;
  /** p99 of submit→terminal latency of jobs settled in the window, in milliseconds (null: none settled). */
  p99E2eMs: number | null;
  /** Accepted jobs not settled at the end of the step. */
  backlog: number;
}

/** Limits a step must stay within to count as sustainable. */
export interface RampLimits {
  /** In milliseconds. */
  maxP99E2eMs: number;
  /** Fraction, e.g. 0.01. */
  maxErrorRate: number;
  /** Completions per second must reach this fraction of the target rate, e.g. 0.9. */
  minCompletionRatio: number;
  /** Backlog allowed at a step's end, in seconds of the step's rate. */
  maxBacklogSeconds: number;
}

export const defaultRampLimits: RampLimits = { maxP99E2eMs: 1000, maxErrorRate: 0.01, minCompletionRatio: 0.9, maxBacklogSeconds: 2 };

/** Whether to climb on, and why not. */
export type RampDecision = { sustainable: true } | { sustainable: false; reasons: string[] };

/** Decides whether a ramp step was sustainable (pure). */
export function decideRampStep(step: RampStepStats, limits: RampLimits = defaultRampLimits): RampDecision {
  const reasons: string[] = [];
  const errorRate = step.scheduled ? step.errors / step.scheduled : 0;
  if (errorRate > limits.maxErrorRate) reasons.push(`error rate ${(errorRate * 100).toFixed(2)}% > ${(limits.maxErrorRate * 100).toFixed(2)}%`);
  if (step.p99E2eMs === null) reasons.push('no job completed during the step');
  else if (step.p99E2eMs > limits.maxP99E2eMs) reasons.push(`p99 end-to-end ${step.p99E2eMs.toFixed(0)} ms > ${limits.maxP99E2eMs} ms`);
  const completedRate = step.completedInWindow / (step.durationMs / 1000);
  if (completedRate < step.rate * limits.minCompletionRatio) {
    reasons.push(`completions ${completedRate.toFixed(0)}/s < ${(limits.minCompletionRatio * 100).toFixed(0)}% of ${step.rate}/s`);
  }
  const allowedBacklog = Math.max(10, step.rate * limits.maxBacklogSeconds);
  if (step.backlog > allowedBacklog) reasons.push(`backlog ${step.backlog} jobs > ${Math.round(allowedBacklog)} (${limits.maxBacklogSeconds} s of arrivals)`);
  return reasons.length ? { sustainable: false, reasons } : { sustainable: true };
}

/** The highest rate among the sustainable steps before the first failing one (null: none held). */
export function highestSustainableRate(steps: ReadonlyArray<{ rate: number; decision: RampDecision }>): number | null {
  let best: number | null = null;
  for (const s of steps) {
    if (!s.decision.sustainable) break;
    best = Math.max(best ?? 0, s.rate);
  }
  return best;
}
