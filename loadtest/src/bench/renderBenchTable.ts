import type { LatencySummary } from '../latencyRecorder';
import type { MachineFacts } from './machineFacts';

/** One system's numbers in the side-by-side table (null: not measured). */
export interface BenchColumn {
  name: string;
  /** Highest rate the ramp held, jobs/s. */
  sustainableRate: number | null;
  /** Completed jobs/s in the fixed-rate run (or the ceiling's throughput). */
  completedPerSec: number | null;
  httpLatency: LatencySummary | null;
  e2eLatency: LatencySummary | null;
  note: string;
}

const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));
const rate = (v: number | null) => (v === null ? '–' : v.toFixed(0));
const ratio = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);

/**
 * The side-by-side markdown table: one row per measure, one column per system, and the ratios of
 * Conveyor to each other column (pure). `columns[0]` is Conveyor.
 */
export function renderBenchTable(columns: BenchColumn[], facts: MachineFacts, commonRate: number): string {
  const [conveyor, ...others] = columns;
  if (!conveyor) return '';
  const rows: Array<[string, (c: BenchColumn) => number | null | undefined, (v: number | null | undefined) => string]> = [
    ['highest sustainable rate (jobs/s, ramp)', (c) => c.sustainableRate, (v) => rate(v ?? null)],
    [`completed jobs/s (fixed ${commonRate}/s; ceiling: max)`, (c) => c.completedPerSec, (v) => rate(v ?? null)],
    ['HTTP 202 p50 (ms)', (c) => c.httpLatency?.p50, ms],
    ['HTTP 202 p99 (ms)', (c) => c.httpLatency?.p99, ms],
    ['end to end p50 (ms)', (c) => c.e2eLatency?.p50, ms],
    ['end to end p90 (ms)', (c) => c.e2eLatency?.p90, ms],
    ['end to end p99 (ms)', (c) => c.e2eLatency?.p99, ms],
    ['end to end p99.9 (ms)', (c) => c.e2eLatency?.['p99.9'], ms],
    ['end to end max (ms)', (c) => c.e2eLatency?.max, ms],
  ];
  const head = `| measure | ${columns.map((c) => c.name).join(' | ')} | ${others.map((o) => `${conveyor.name} / ${o.name}`).join(' | ')} |`;
  const sep = `|---|${columns.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`;
  const body = rows.map(([label, get, f]) => `| ${label} | ${columns.map((c) => f(get(c))).join(' | ')} | ${others.map((o) => ratio(get(conveyor), get(o))).join(' | ')} |`);
  const notes = columns.map((c) => `- **${c.name}**: ${c.note}`);
  return [
    `## Bench ${facts.date}`,
    '',
    `${facts.cores} cores (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.os}; Node ${facts.node}, Kafka ${facts.kafka}, Redis ${facts.redis}, PostgreSQL ${facts.postgres}.`,
    '',
    head, sep, ...body,
    '',
    ...notes,
    '',
  ].join('\n');
}
