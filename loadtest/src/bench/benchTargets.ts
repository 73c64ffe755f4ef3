/**
 * The issue's targets (issue 13, "the hot path") against what one `npm run bench` measured. Every input
 * is optional: a part that was skipped or failed is "not measured", never a pass.
 */
export interface TargetInputs {
  conveyor?: {
    /** Highest rate the ramp held, jobs/s (0: it held no step; null: no ramp). */
    sustainableRate?: number | null;
    /** At the common fixed rate (median run), in milliseconds. */
    e2eP50?: number | null;
    e2eP99?: number | null;
    httpP99?: number | null;
    /** Submit → visible in the query API, p99 in milliseconds. */
    visibleP99?: number | null;
    /** The batch phase (500 jobs a request), jobs/s. */
    batchAcceptedPerSec?: number | null;
    batchCompletedPerSec?: number | null;
    /** Peak RSS of each service process during the fixed-rate runs, in MB. */
    serviceRssPeakMb?: Record<string, number | null>;
  };
  /** BullMQ's ramp (as Conveyor's: 0 when it held no step) and its end to end p50 at the common fixed rate. */
  bullmq?: { sustainableRate?: number | null; e2eP50?: number | null };
  /** The rebuild bench (`@conveyor/processors/rebuild-bench`): events/s of the rebuild and of a COPY of the same rows. */
  rebuild?: { eventsPerSec: number; ceilingEventsPerSec: number };
  /** The read bench at 1M jobs, per query (list, filter, by id, search): medians of the API and of pgbench. */
  read?: Array<{ name: string; apiPerSec: number; pgbenchPerSec: number; apiP99Ms: number }>;
}

/** One row of the targets table. */
export interface TargetRow {
  target: string;
  measured: string;
  /** 'met', 'missed by N %' (how far from the goal, relative to it; 'missed: N× the limit' past twice a limit), 'not measured' or 'not judged: why'. */
  verdict: string;
  met: boolean | null;
}

type Value = number | null | undefined;
const has = (v: Value): v is number => typeof v === 'number' && Number.isFinite(v);
const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? Math.round(v).toLocaleString('en') : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** A goal of at least (`≥`) or at most (`≤`) `goal`, judged on `value` (pure). */
function judge(target: string, value: Value, op: '≥' | '≤', goal: number, measured: (v: number) => string): TargetRow {
  if (!has(value)) return { target, measured: '–', verdict: 'not measured', met: null };
  const met = op === '≥' ? value >= goal : value <= goal;
  const off = Math.abs(value - goal) / goal * 100;
  // Past twice a limit, a percentage reads badly ("missed by 16038 %"): say how many times the limit it is.
  const missed = op === '≤' && value >= 2 * goal ? `missed: ${(value / goal).toFixed(value >= 10 * goal ? 0 : 1)}× the limit` : `missed by ${off < 10 ? off.toFixed(1) : off.toFixed(0)} %`;
  return { target, measured: measured(value), verdict: met ? 'met' : missed, met };
}

const ratio = (a: Value, b: Value): number | null => (has(a) && has(b) && b > 0 ? a / b : null);
const unit = (u: string) => (v: number) => `${fmt(v)} ${u}`;

/** Every target of the issue as a row, in the issue's order (pure). */
export function evaluateTargets(input: TargetInputs): TargetRow[] {
  const c = input.conveyor ?? {};
  const b = input.bullmq ?? {};
  const rateTarget = 'highest sustainable rate ≥ 1.2× BullMQ';
  const rows: TargetRow[] = [
    // A ramp that held no step reports 0: against a BullMQ that held none either there is no ratio to judge.
    has(c.sustainableRate) && b.sustainableRate === 0
      ? { target: rateTarget, measured: `${fmt(c.sustainableRate)} vs 0 jobs/s`, verdict: 'not judged: BullMQ held no step', met: null }
      : judge(rateTarget, ratio(c.sustainableRate, b.sustainableRate), '≥', 1.2,
        (v) => `${fmt(c.sustainableRate as number)} vs ${fmt(b.sustainableRate as number)} jobs/s = ${v.toFixed(2)}×`),
    judge('end to end p50 ≤ 10 ms (common fixed rate)', c.e2eP50, '≤', 10, unit('ms')),
    judge('end to end p99 ≤ 40 ms (common fixed rate)', c.e2eP99, '≤', 40, unit('ms')),
    judge('end to end p50 ≤ 5× BullMQ\'s', ratio(c.e2eP50, b.e2eP50), '≤', 5,
      (v) => `${fmt(c.e2eP50 as number)} vs ${fmt(b.e2eP50 as number)} ms = ${v.toFixed(1)}×`),
    judge('HTTP 202 p99 ≤ 10 ms', c.httpP99, '≤', 10, unit('ms')),
    judge('submit → visible in the query API p99 ≤ 250 ms', c.visibleP99, '≤', 250, unit('ms')),
    judge('batch submit (500/request): accepted ≥ 20,000 jobs/s', c.batchAcceptedPerSec, '≥', 20_000, unit('jobs/s')),
    judge('batch submit (500/request): completed ≥ 5,000 jobs/s', c.batchCompletedPerSec, '≥', 5_000, unit('jobs/s')),
    judge('rebuild of 1M events ≥ 50,000 events/s', input.rebuild?.eventsPerSec, '≥', 50_000, unit('events/s')),
    judge('rebuild ≥ 0.8× the COPY ceiling of the same rows', ratio(input.rebuild?.eventsPerSec, input.rebuild?.ceilingEventsPerSec), '≥', 0.8,
      (v) => `${fmt(input.rebuild?.eventsPerSec as number)} vs ${fmt(input.rebuild?.ceilingEventsPerSec as number)} events/s = ${v.toFixed(2)}×`),
  ];
  const services = Object.entries(c.serviceRssPeakMb ?? {});
  if (!services.length) rows.push(judge('each service ≤ 200 MB RSS', null, '≤', 200, unit('MB')));
  for (const [name, mb] of services) rows.push(judge(`${name} ≤ 200 MB RSS (peak)`, mb, '≤', 200, unit('MB')));
  const read = (name: string) => input.read?.find((q) => q.name === name);
  for (const name of ['list', 'filter', 'by id']) {
    const q = read(name);
    rows.push(judge(`query API ${name} ≥ 0.3× pgbench (1M jobs, 16 connections)`, ratio(q?.apiPerSec, q?.pgbenchPerSec), '≥', 0.3,
      (v) => `${fmt(q?.apiPerSec as number)} vs ${fmt(q?.pgbenchPerSec as number)} req/s = ${v.toFixed(2)}×`));
    rows.push(judge(`query API ${name} p99 ≤ 25 ms`, q?.apiP99Ms, '≤', 25, unit('ms')));
  }
  rows.push(judge('query API search p99 ≤ 50 ms', read('search')?.apiP99Ms, '≤', 50, unit('ms')));
  return rows;
}

/** The targets table as markdown (pure), with a count of met, missed and not measured. */
export function renderTargets(rows: readonly TargetRow[]): string {
  const count = (m: boolean | null) => rows.filter((r) => r.met === m).length;
  return [
    '## Targets (issue 13)', '',
    `${count(true)} met, ${count(false)} missed, ${count(null)} not measured.`, '',
    '| target | measured | verdict |', '|---|---:|---|',
    ...rows.map((r) => `| ${r.target} | ${r.measured} | ${r.met === false ? `**${r.verdict}**` : r.verdict} |`),
    '',
  ].join('\n');
}
