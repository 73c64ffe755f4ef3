import type { LatencySummary } from './latencyRecorder';
import type { LoadTestResults } from './runLoadTest';

const ms = (v: number | null) => (v === null ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1)).padStart(9);

function row(name: string, s: LatencySummary): string {
  return `  ${name.padEnd(34)}${String(s.count).padStart(8)}${ms(s.p50)}${ms(s.p90)}${ms(s.p99)}${ms(s['p99.9'])}${ms(s.max)}`;
}

/** The end-of-run summary printed by the CLI (pure). */
export function summarize(r: LoadTestResults): string {
  const t = r.tally;
  const lines = [
    `run ${r.runId} against ${r.target}`,
    `  scheduled ${r.counts.scheduled}  sent ${r.counts.sent}  dropped ${r.counts.dropped}  errors ${r.counts.errorTotal}${r.counts.skipped ? `  not sent (stopped early) ${r.counts.skipped}` : ''}`,
    `  accepted ${t.accepted} = succeeded ${t.succeeded} + failed ${t.failed} + dead-lettered ${t.deadLettered} + cancelled ${t.cancelled} + missing ${t.missing}${r.balanced ? '' : '  ✗ DOES NOT BALANCE'}`,
    `  accepted ${r.rates.acceptedPerSec.toFixed(1)}/s  completed ${r.rates.completedPerSec.toFixed(1)}/s`,
  ];
  for (const [kind, n] of Object.entries(r.counts.errors)) lines.push(`  error ${kind}: ${n} (${r.counts.errorSamples[kind] ?? ''})`);
  if (t.missing) lines.push(`  missing, e.g.: ${r.missingSample.join(', ')}`);
  lines.push(`  ${'latency (ms)'.padEnd(34)}${'count'.padStart(8)}${'p50'.padStart(9)}${'p90'.padStart(9)}${'p99'.padStart(9)}${'p99.9'.padStart(9)}${'max'.padStart(9)}`);
  lines.push(row('HTTP 202', r.latency.http), row('submit → terminal event', r.latency.e2e), row('submit → visible (query API)', r.latency.visible));
  lines.push(row('  send → JobSubmitted', r.latency.stages.accept), row('  JobSubmitted → JobStarted', r.latency.stages.queue));
  lines.push(row('  JobStarted → terminal', r.latency.stages.run), row('  terminal → observed', r.latency.stages.observe));
  const lag = Object.entries(r.lagMax).map(([g, v]) => `${g} ${v ?? 'n/a'}`).join(', ');
  if (lag) lines.push(`  max consumer lag: ${lag}`);
  if (r.ramp) {
    for (const s of r.ramp.steps) lines.push(`  ramp ${String(s.rate).padStart(6)}/s: ${s.decision.sustainable ? 'held' : `broke (${s.decision.reasons.join('; ')})`}`);
    lines.push(`  highest sustainable rate: ${r.ramp.sustainableRate ?? 'none'} jobs/s`);
  }
  for (const th of r.thresholds) lines.push(`  ${th.message}`);
  return lines.join('\n');
}
