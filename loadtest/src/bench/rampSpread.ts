import type { RampDecision } from '../rampDecision';
import { medianBy, spreadOf } from './fixedRunSpread';

/** What the spread reads of a load test run (a `LoadTestResults` is one). */
export interface RampRun {
  ramp: { steps: ReadonlyArray<{ rate: number; decision: RampDecision }>; sustainableRate: number | null } | null;
}

/** A ramp's highest sustainable rate: 0 when it held no step, null when the run was no ramp. */
export function heldRate(run: RampRun | undefined): number | null {
  return run?.ramp ? (run.ramp.sustainableRate ?? 0) : null;
}

/** The ramp of median highest sustainable rate among repeats (pure; undefined: none); a ramp that held no step counts 0. */
export function medianRamp<R extends RampRun>(runs: readonly R[]): R | undefined {
  return medianBy(runs.filter((r) => r.ramp), (r) => heldRate(r) ?? 0);
}

/** Where a ramp broke: the first step it did not hold, or that it held every step (pure). */
function brokeAt(run: RampRun): string {
  const step = run.ramp?.steps.find((s) => !s.decision.sustainable);
  return step ? `broke at ${step.rate}/s` : 'held every step';
}

/**
 * The ramp repeats side by side (pure): per system each run's highest sustainable rate in run order (the
 * systems alternated), where it broke, the median with (min–max), and the ratio of the first system's
 * median to each other's. A machine shared with other work moves a single ramp by a factor; the spread
 * shows by how much.
 */
export function renderRampSpread(systems: ReadonlyArray<{ name: string; runs: ReadonlyArray<RampRun> }>): string {
  const withRuns = systems.filter((s) => s.runs.some((r) => r.ramp));
  const first = withRuns[0];
  if (!first) return '';
  const medianOf = (runs: ReadonlyArray<RampRun>) => spreadOf(runs.map(heldRate)).median;
  const firstMedian = medianOf(first.runs);
  const rows = withRuns.map((s) => {
    const spread = spreadOf(s.runs.map(heldRate));
    const ratio = s === first ? '–' : (spread.median && firstMedian !== null ? `${(firstMedian / spread.median).toFixed(2)}×` : '–');
    const runs = s.runs.filter((r) => r.ramp).map((r) => `${heldRate(r)} (${brokeAt(r)})`).join('; ');
    return `| ${s.name} | ${runs} | ${spread.median ?? '–'} (${spread.min ?? '–'}–${spread.max ?? '–'}) | ${ratio} |`;
  });
  return [
    '### Ramp repeats: highest sustainable rate (jobs/s), the systems alternating',
    '',
    `| system | each run (held; where it broke) | median (min–max) | ${first.name} / system |`,
    '|---|---|---:|---:|',
    ...rows,
    '',
  ].join('\n');
}
