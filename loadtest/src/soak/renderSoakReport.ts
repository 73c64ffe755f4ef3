import type { MachineFacts } from '../bench/machineFacts';
import { lineChart, type Series } from '../report/svgCharts';
import type { SoakRun } from './runSoak';
import type { SoakVerdict } from './soakVerdict';

/** What the report says about a run. */
export interface SoakReportInput {
  startedAt: string;
  command: string;
  ratePerSec: number;
  durationMs: number;
  sampleEveryMs: number;
  facts: MachineFacts;
  run: SoakRun;
  verdict: SoakVerdict;
}

const MiB = 2 ** 20;
const minutes = (t: number) => Math.round((t / 60) * 100) / 100;

/**
 * The soak report (pure): Markdown, and the SVG charts it links by file name (`<base>-<chart>.svg`, written
 * beside it by the caller): RSS, heap and event-loop delay per service, consumer lag per group, Postgres
 * connections and the accepted rate over time.
 */
export function renderSoakReport(input: SoakReportInput, base: string): { markdown: string; charts: Record<string, string> } {
  const { run, verdict, facts } = input;
  const perService = (pick: (s: SoakRun['observations']['services'][string][number]) => number): Series[] =>
    Object.entries(run.observations.services).map(([name, samples]) => ({ name, points: samples.map((s) => [minutes(s.t), pick(s)] as const) }));
  const x = 'minutes since the load started';
  const charts: Record<string, string> = {
    rss: lineChart({ title: 'Resident set size per service', xLabel: x, yLabel: 'RSS (MiB)', series: perService((s) => s.rssBytes / MiB) }),
    heap: lineChart({ title: 'V8 heap used per service', xLabel: x, yLabel: 'heap used (MiB)', series: perService((s) => s.heapUsedBytes / MiB) }),
    retained: lineChart({
      title: 'Memory retained after the last major garbage collection (heap + external) per service', xLabel: x, yLabel: 'retained (MiB)',
      series: Object.entries(run.observations.services).map(([name, samples]) => ({
        name, points: samples.flatMap((s) => (s.retainedAfterGcBytes === undefined ? [] : [[minutes(s.t), s.retainedAfterGcBytes / MiB] as const])),
      })),
    }),
    eventloop: lineChart({ title: 'Event-loop delay p99 per service (per sample window)', xLabel: x, yLabel: 'p99 (ms)', series: perService((s) => s.eventLoopP99Ms) }),
    lag: lineChart({ title: 'Consumer lag per group', xLabel: x, yLabel: 'messages', series: Object.entries(run.lagByGroup).map(([name, pts]) => ({ name, points: pts.map(([t, v]) => [minutes(t), v] as const) })) }),
    postgres: lineChart({ title: 'Postgres connections to the soak database', xLabel: x, yLabel: 'connections', series: [{ name: 'pg_stat_activity', points: run.pgConnections.map(([t, v]) => [minutes(t), v] as const) }] }),
    throughput: lineChart({ title: 'Jobs accepted per second', xLabel: x, yLabel: 'jobs/s', series: [{ name: 'accepted (202)', points: run.acceptedRate.map(([t, v]) => [minutes(t), v] as const) }] }),
  };
  const pg = run.pgConnections.map(([, v]) => v);
  const failed = Object.entries(run.failedByKind).map(([k, n]) => `${k}: ${n}`).join(', ') || 'none';
  const lines = [
    `# Soak ${input.startedAt}`,
    '',
    `\`${input.command}\` — ${input.ratePerSec} noop jobs/s for ${(input.durationMs / 60_000).toFixed(1)} min through the whole pipeline`,
    `(command API → Kafka → dispatcher → executor → projector → Postgres; the query API read once a second), every service`,
    `sampled every ${input.sampleEveryMs / 1000} s. Verdict: **${verdict.passed ? 'PASS' : 'FAIL'}**.`,
    '',
    '## Machine',
    '',
    `${facts.cores} cores (${facts.cpuModel}), ${facts.memoryGiB} GiB, ${facts.os}; Node ${facts.node}, Kafka ${facts.kafka}, PostgreSQL ${run.postgresVersion}.`,
    `Services run from source (\`node --import tsx\`), one process each. The machine is shared: other sessions' tests ran meanwhile.`,
    '',
    '## Totals',
    '',
    `| submitted | accepted (202) | not accepted | dropped by the generator | unfinished after the drain | query reads ok / failed | Postgres connections min–max |`,
    '|---:|---:|---|---:|---:|---:|---:|',
    `| ${run.submitted} | ${run.accepted} | ${failed} | ${run.dropped} | ${run.observations.unsettled} | ${run.reads.ok} / ${run.reads.failed} | ${pg.length ? `${Math.min(...pg)}–${Math.max(...pg)}` : '–'} |`,
    '',
    '## Per service',
    '',
    '| service | samples | retained after GC, end (MiB) | retained slope, last half (MiB/min) | RSS start (MiB) | RSS end | RSS max | RSS slope, last half (MiB/min) | heap end (MiB) | heap slope, last half (MiB/min) | event-loop p99 max, last half (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...verdict.services.map((s) => `| ${s.name} | ${s.samples} | ${s.retainedEndMiB ?? '–'} | ${s.retainedSlopeLastHalfMiBPerMin ?? '–'} | ${s.rssStartMiB} | ${s.rssEndMiB} | ${s.rssMaxMiB} | ${s.rssSlopeLastHalfMiBPerMin} | ${s.heapEndMiB} | ${s.heapSlopeLastHalfMiBPerMin} | ${s.eventLoopP99MaxMs} |`),
    '',
    `Consumer lag: ${verdict.lagEnd ?? '–'} messages at the end of the load, slope over the last half ${verdict.lagSlopeLastHalfPerMin} messages/min.`,
    '',
    '## Verdict',
    '',
    ...(verdict.problems.length ? verdict.problems.map((p) => `- FAIL: ${p}`) : ['- No leak (memory retained after garbage collection flat within the threshold over the last half), no growing lag, no failed request, every accepted job finished.']),
    ...verdict.warnings.map((w) => `- note: ${w}`),
    '',
    'A leak is memory retained after major garbage collections (heap in use + external, `conveyor_memory_after_major_gc_bytes`)',
    'growing over the last half of the run (the first half holds the warm-up) beyond the threshold; heap and RSS between',
    'collections are a saw-tooth, reported and charted, and judged only for a service that reported no collection. Lag grows',
    'when its slope over the last half is positive beyond the threshold and it ends above the floor (`soakVerdict.ts`).',
    '',
    '## Charts',
    '',
    ...Object.keys(charts).map((name) => `![${name}](${base}-${name}.svg)`),
    '',
  ];
  return { markdown: lines.join('\n'), charts };
}
