import type { LoadTestResults } from '../runLoadTest';

/** One measure over repeated runs: min, median and max (null: not measured). */
export interface Spread {
  min: number | null;
  median: number | null;
  max: number | null;
}

/** Min, median and max of the values that exist (pure). */
export function spreadOf(values: ReadonlyArray<number | null | undefined>): Spread {
  const v = values.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? { min: v[0] as number, median: v[Math.floor(v.length / 2)] as number, max: v.at(-1) as number } : { min: null, median: null, max: null };
}

/**
 * The item of median key among repeated runs (pure; undefined: none): the same middle as `spreadOf`, the higher
 * of the two with an even count.
 */
export function medianBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return [...items].sort((a, b) => key(a) - key(b))[Math.floor(items.length / 2)];
}

/** The measures compared over the fixed-rate repeats, in one visible table. */
const measures: Array<[string, (r: LoadTestResults) => number | null | undefined]> = [
  ['completed jobs/s', (r) => r.rates.completedPerSec],
  ['HTTP 202 p99 (ms)', (r) => r.latency.http.p99],
  ['end to end p50 (ms)', (r) => r.latency.e2e.p50],
  ['end to end p99 (ms)', (r) => r.latency.e2e.p99],
];

const fmt = (s: Spread) => (s.median === null ? '–' : `${s.median.toFixed(1)} (${(s.min as number).toFixed(1)}–${(s.max as number).toFixed(1)})`);

/**
 * The fixed-rate repeats side by side (pure): per measure and system the median with (min–max), and the
 * ratio of Conveyor's median to each other system's. `runs[0]` is Conveyor; `cpu` is the load generator's
 * CPU per system over its runs, in % of one core.
 */
export function renderFixedSpread(runs: Array<{ name: string; results: LoadTestResults[]; cpu: number[] }>): string {
  const [first, ...others] = runs;
  if (!first || !first.results.length) return '';
  const head = `| measure | ${runs.map((r) => `${r.name} (${r.results.length} runs)`).join(' | ')} | ${others.map((o) => `${first.name} / ${o.name}`).join(' | ')} |`;
  const sep = `|---|${runs.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`;
  const body = [...measures, ['load generator CPU (% of a core)', null] as const].map(([label, get]) => {
    const spreads = runs.map((r) => spreadOf(get ? r.results.map(get) : r.cpu));
    const ratios = spreads.slice(1).map((s) => (s.median && spreads[0]?.median !== null ? `${((spreads[0]?.median as number) / s.median).toFixed(2)}×` : '–'));
    return `| ${label} | ${spreads.map(fmt).join(' | ')} | ${ratios.join(' | ')} |`;
  });
  return ['### Fixed-rate repeats: median (min–max)', '', head, sep, ...body, ''].join('\n');
}
