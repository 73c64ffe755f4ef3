import type { FaultAssessment } from './assessFault';

/** A whole chaos run as reported. */
export interface ChaosReport {
  startedAt: string;
  mode: 'full' | 'short';
  ratePerSec: number;
  /** Wall time of the whole run, stack start and cleanup included, in milliseconds. */
  durationMs: number;
  faults: FaultAssessment[];
  passed: boolean;
  command: string;
}

const seconds = (ms: number | null) => (ms === null ? 'never' : `${(ms / 1000).toFixed(1)} s`);

/** The report as Markdown: one row per fault, then the problems (pure). */
export function renderChaosReport(report: ChaosReport): string {
  const rows = report.faults.map((f) => `| ${f.name} | ${f.requests} | ${f.accepted} | ${f.lost} | ${f.runTwice} | ${f.serverErrors} | ${f.hung} | ${f.refused} | ${f.publishedUnanswered} | ${seconds(f.outageMs)} | ${seconds(f.recoveryMs)} | ${f.problems.length ? `FAIL: ${f.problems.join('; ')}` : 'pass'} |`);
  return [
    `# Chaos run ${report.startedAt} (${report.mode})`,
    '',
    `\`${report.command}\` — steady load of ${report.ratePerSec} noop jobs/s, one fault at a time, on the run's own Kafka, registry and database;`,
    `${(report.durationMs / 1000).toFixed(0)} s in all. Verdict: **${report.passed ? 'PASS' : 'FAIL'}**.`,
    '',
    '| fault | requests | accepted (202) | lost | run twice | 5xx | hung | refused | in log, not 202 | outage | recovery | verdict |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'lost: accepted, never finished. run twice: one attempt started under two event ids, or a job settled twice. hung: no answer',
    'within the client bound (8 s). refused: no connection (a service restarting). in log, not 202: a job whose request was answered',
    '503 or not at all, yet whose events landed (in flight when the wait ended; its Idempotency-Key stays reserved). outage: fault',
    'injected → healed. recovery: healed → every job accepted up to 1 s after the heal finished.',
    '',
  ].join('\n');
}
