import type { LoadTestSettings } from '../parseArgs';
import type { LatencySummary } from '../latencyRecorder';
import type { LoadTestResults } from '../runLoadTest';
import { lineChart, percentileChart } from './svgCharts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const ms = (v: number | null) => (v === null ? '–' : v < 10 ? v.toFixed(2) : v.toFixed(1));

function latencyRow(name: string, s: LatencySummary): string {
  return `<tr><td>${esc(name)}</td><td>${s.count}</td><td>${ms(s.p50)}</td><td>${ms(s.p90)}</td><td>${ms(s.p99)}</td><td>${ms(s['p99.9'])}</td><td>${ms(s.max)}</td></tr>`;
}

/** A self-contained HTML report of one run: tables and inline SVG charts, no script, no external file (pure). */
export function renderHtmlReport(settings: LoadTestSettings, r: LoadTestResults): string {
  const t = r.tally;
  const groups = [...new Set(r.lag.flatMap((s) => Object.keys(s.lag)))];
  const charts = [
    percentileChart('Latency percentile distribution', [
      { name: 'HTTP 202', points: r.distributions.http },
      { name: 'submit → terminal event', points: r.distributions.e2e },
      { name: 'submit → visible (query API)', points: r.distributions.visible },
    ]),
    lineChart({
      title: 'Throughput over time', xLabel: 'seconds since start', yLabel: 'jobs per second',
      series: (['sent', 'accepted', 'completed', 'errors', 'dropped'] as const).map((k) => ({ name: k, points: r.timeline.map((p) => [p.t, p[k]] as const) })),
    }),
    lineChart({
      title: 'Consumer lag over time', xLabel: 'seconds since start', yLabel: 'messages behind',
      series: groups.map((g) => ({ name: g, points: r.lag.filter((s) => s.lag[g] !== null && s.lag[g] !== undefined).map((s) => [s.t, s.lag[g] as number] as const) })),
    }),
  ];
  const thresholdRows = r.thresholds.map((x) => `<li class="${x.passed ? 'ok' : 'bad'}">${esc(x.message)}</li>`).join('');
  const rampRows = r.ramp?.steps.map((s) => `<tr><td>${s.rate}</td><td>${s.accepted}</td><td>${s.errors}</td><td>${(s.completedInWindow / (s.durationMs / 1000)).toFixed(0)}</td><td>${ms(s.p99E2eMs)}</td><td>${s.backlog}</td><td>${s.decision.sustainable ? 'held' : esc(s.decision.reasons.join('; '))}</td></tr>`).join('') ?? '';
  const errorRows = Object.entries(r.counts.errors).map(([k, n]) => `<tr><td>${esc(k)}</td><td>${n}</td><td>${esc(r.counts.errorSamples[k] ?? '')}</td></tr>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conveyor load test ${esc(r.runId)}</title>
<style>body{font-family:system-ui,sans-serif;margin:24px;max-width:1000px;color:#111}table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #d1d5db;padding:4px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.ok{color:#15803d}.bad{color:#b91c1c;font-weight:600}code{background:#f3f4f6;padding:1px 4px}</style></head>
<body>
<h1>Load test ${esc(settings.label ?? r.runId)}</h1>
<p>${esc(r.target)} · ${esc(r.startedAt)} → ${esc(r.finishedAt)} · <code>${esc(settings.type)}</code> at ${settings.rate}/s for ${settings.durationMs / 1000}s${settings.ramp ? ` (ramp ×${settings.ramp.factor} every ${settings.ramp.stepMs / 1000}s)` : ''} · verdict: <b class="${r.passed && r.balanced ? 'ok' : 'bad'}">${r.passed && r.balanced ? 'PASS' : 'FAIL'}</b></p>
<h2>Counts</h2>
<table><tr><th>scheduled</th><th>sent</th><th>dropped</th><th>errors</th><th>accepted</th><th>succeeded</th><th>failed</th><th>dead-lettered</th><th>cancelled</th><th>missing</th></tr>
<tr><td>${r.counts.scheduled}</td><td>${r.counts.sent}</td><td>${r.counts.dropped}</td><td>${r.counts.errorTotal}</td><td>${t.accepted}</td><td>${t.succeeded}</td><td>${t.failed}</td><td>${t.deadLettered}</td><td>${t.cancelled}</td><td>${t.missing}</td></tr></table>
<p>accepted ${r.rates.acceptedPerSec.toFixed(1)}/s · completed ${r.rates.completedPerSec.toFixed(1)}/s · ${r.balanced ? 'the accounting balances' : `<span class="bad">${esc(r.balanceProblems.join('; '))}</span>`}</p>
${errorRows ? `<h2>Errors</h2><table><tr><th>kind</th><th>jobs</th><th>first detail</th></tr>${errorRows}</table>` : ''}
<h2>Latency (ms, from the intended send time)</h2>
<table><tr><th>measure</th><th>count</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr>
${latencyRow('HTTP 202', r.latency.http)}${latencyRow('submit → terminal event', r.latency.e2e)}${latencyRow('submit → visible in query API', r.latency.visible)}
${latencyRow('stage: intended send → JobSubmitted', r.latency.stages.accept)}${latencyRow('stage: JobSubmitted → JobStarted', r.latency.stages.queue)}${latencyRow('stage: JobStarted → terminal', r.latency.stages.run)}${latencyRow('stage: terminal → observed', r.latency.stages.observe)}</table>
${thresholdRows ? `<h2>Thresholds</h2><ul>${thresholdRows}</ul>` : ''}
${rampRows ? `<h2>Ramp</h2><p>highest sustainable rate: <b>${r.ramp?.sustainableRate ?? 'none'}</b> jobs/s</p><table><tr><th>rate/s</th><th>accepted</th><th>errors+drops</th><th>completed/s</th><th>p99 e2e</th><th>backlog</th><th>verdict</th></tr>${rampRows}</table>` : ''}
<h2>Charts</h2>
${charts.join('\n')}
</body></html>
`;
}
