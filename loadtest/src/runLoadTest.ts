import { randomUUID } from 'node:crypto';
import { createArrivalSchedule, rampPhases, type Arrival, type SchedulePhase } from './arrivalSchedule';
import { buildJob } from './buildJob';
import type { RequestErrorKind } from './http/commandClient';
import { createVisibilityProbe } from './http/visibilityProbe';
import { balanceProblems, createJobLedger, type Settled, type Tally } from './jobLedger';
import type { LagSample } from './kafka/lagSampler';
import { createLatencyRecorder, type LatencySummary, type PercentilePoint } from './latencyRecorder';
import type { LoadTarget } from './loadTarget';
import { runOpenModel } from './openModelGenerator';
import type { LoadTestSettings } from './parseArgs';
import { decideRampStep, highestSustainableRate, type RampDecision, type RampStepStats } from './rampDecision';
import { evaluateThresholds, type ThresholdResult } from './thresholds';
import { createTimeline, type TimelinePoint } from './timeline';

/** A latency summary with its encoded HDR histogram. */
export type LatencyReport = LatencySummary & { hdr: string };

/** Everything a run measured; stored as `results` of a loadtest_runs row and in the JSON report. */
export interface LoadTestResults {
  runId: string;
  target: string;
  startedAt: string;
  finishedAt: string;
  counts: { scheduled: number; sent: number; requests: number; dropped: number; skipped: number; errors: Partial<Record<RequestErrorKind, number>>; errorSamples: Record<string, string>; errorTotal: number };
  tally: Tally;
  balanced: boolean;
  balanceProblems: string[];
  missingSample: string[];
  rates: { acceptedPerSec: number; completedPerSec: number; sendSeconds: number; completionSeconds: number };
  latency: { http: LatencyReport; e2e: LatencyReport; visible: LatencyReport; stages: Record<'accept' | 'queue' | 'run' | 'observe', LatencySummary> };
  distributions: { http: PercentilePoint[]; e2e: PercentilePoint[]; visible: PercentilePoint[] };
  visibility: { visible: number; skipped: number; gaveUp: number };
  timeline: TimelinePoint[];
  lag: LagSample[];
  lagMax: Record<string, number | null>;
  ramp: { steps: Array<RampStepStats & { decision: RampDecision }>; sustainableRate: number | null } | null;
  thresholds: ThresholdResult[];
  passed: boolean;
}

/** Live numbers for the progress line. */
export interface Progress {
  scheduled: number;
  sent: number;
  accepted: number;
  completed: number;
  lag: number | null;
  elapsedMs: number;
  plannedMs: number;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Runs one load test against a target: open-model arrivals, each job followed to its end, latencies
 * from intended send times, a bounded drain, then accounting and thresholds (public).
 */
export async function runLoadTest(settings: LoadTestSettings, target: LoadTarget, options: { runId?: string; sinkUrl?: string | null; signal?: AbortSignal; onProgress?: (p: Progress) => void } = {}): Promise<LoadTestResults> {
  const runId = options.runId ?? randomUUID();
  const phases: SchedulePhase[] = settings.ramp
    ? rampPhases({ startRate: settings.rate, factor: settings.ramp.factor, stepMs: settings.ramp.stepMs, steps: Math.max(1, Math.floor(settings.durationMs / settings.ramp.stepMs)), maxRate: 20_000 })
    : [{ rate: settings.rate, durationMs: settings.durationMs }];
  const schedule = createArrivalSchedule(phases);
  const ledger = createJobLedger();
  const rec = { http: createLatencyRecorder(), e2e: createLatencyRecorder(), visible: createLatencyRecorder(), step: createLatencyRecorder() };
  const stages = { accept: createLatencyRecorder(), queue: createLatencyRecorder(), run: createLatencyRecorder(), observe: createLatencyRecorder() };
  const stageTimes = new Map<string, { submitted?: number; started?: number }>();
  const errors: Partial<Record<RequestErrorKind, number>> = {};
  const errorDetails = new Map<string, string>();
  let dropped = 0;
  let completedInStep = 0;
  let lastSettledAt = 0;
  let latestLag: number | null = null;
  const startedAtWall = new Date();
  const perPhase = phases.map(() => ({ accepted: 0, errors: 0 }));
  const droppedIn = phases.map(() => 0);
  const rampSteps: Array<RampStepStats & { decision: RampDecision }> = [];
  const probe = target.queryApi && settings.visibleEvery > 0 ? createVisibilityProbe({ baseUrl: target.queryApi, ...(target.apiKey ? { apiKey: target.apiKey } : {}), onVisible: (ms) => rec.visible.record(ms) }) : null;
  let acceptedCount = 0;

  const onSettled = (s: Settled | undefined, occurredAt?: number) => {
    if (!s) return;
    rec.e2e.record(s.latencyMs);
    rec.step.record(s.latencyMs);
    completedInStep += 1;
    lastSettledAt = Math.max(lastSettledAt, s.entry.settledAt ?? 0);
    timeline.add('completed', s.entry.settledAt ?? now());
    const st = stageTimes.get(s.entry.jobId);
    stageTimes.delete(s.entry.jobId);
    if (st?.submitted !== undefined) stages.accept.record(st.submitted - s.entry.intendedAt);
    if (st?.submitted !== undefined && st.started !== undefined) stages.queue.record(st.started - st.submitted);
    if (st?.started !== undefined && occurredAt !== undefined) stages.run.record(occurredAt - st.started);
    if (occurredAt !== undefined && s.entry.settledAt !== null) stages.observe.record(s.entry.settledAt - occurredAt);
  };

  // 1. Follow completions before the first send, so nothing is missed.
  const follower = await target.follow({
    terminal: (jobId, outcome, observedAt, occurredAt) => onSettled(ledger.observe(jobId, outcome, observedAt), occurredAt),
    stage: (jobId, stage, at) => {
      const st = stageTimes.get(jobId) ?? {};
      st[stage] = at;
      stageTimes.set(jobId, st);
      if (stageTimes.size > 200_000) stageTimes.delete(stageTimes.keys().next().value as string);
    },
  });
  // The schedule starts only now: joining the follower's group takes seconds, and arrivals scheduled
  // before it joined would all be sent late in one burst (and counted late, as if the platform were slow).
  const startAt = now() + 250; // a little slack so arrival 0 is not already late
  const timeline = createTimeline(startAt);
  const lag = target.sampleLag?.(startAt, (s) => {
    const values = Object.values(s.lag).filter((v): v is number => v !== null);
    latestLag = values.length ? values.reduce((a, b) => a + b, 0) : null;
  });

  // 2. Progress, bounded by the run's own end.
  let sentSoFar = 0;
  const plannedMs = schedule.durationMs + settings.drainMs;
  const progressTimer = options.onProgress ? setInterval(() => options.onProgress?.({
    scheduled: schedule.total, sent: sentSoFar, accepted: acceptedCount, completed: ledger.tally().accepted - ledger.outstanding(),
    lag: latestLag, elapsedMs: now() - startAt, plannedMs,
  }), 250) : undefined;

  // 3. Send on schedule.
  const send = async (arrivals: Arrival[], intended: number[]) => {
    const built = arrivals.map((a) => buildJob(settings, a.index, options.sinkUrl ?? null));
    sentSoFar += arrivals.length;
    for (const at of intended) timeline.add('sent', at);
    const res = settings.batchSize > 1 ? await target.client.submitBatch(built.map((b) => b.job)) : await target.client.submit((built[0] as (typeof built)[number]).job);
    const answeredAt = now();
    if (!res.ok) {
      errors[res.kind] = (errors[res.kind] ?? 0) + arrivals.length;
      if (!errorDetails.has(res.kind)) errorDetails.set(res.kind, res.detail);
      for (const a of arrivals) (perPhase[a.phase] as { errors: number }).errors += 1;
      timeline.add('errors', answeredAt, arrivals.length);
      return;
    }
    res.jobIds.forEach((jobId, i) => {
      const a = arrivals[i] as Arrival;
      const intendedAt = intended[i] as number;
      rec.http.record(answeredAt - intendedAt);
      acceptedCount += 1;
      (perPhase[a.phase] as { accepted: number }).accepted += 1;
      timeline.add('accepted', answeredAt);
      onSettled(ledger.accept(jobId, intendedAt, answeredAt, a.phase));
      if (probe && acceptedCount % settings.visibleEvery === 0) probe.track(jobId, intendedAt);
    });
  };

  const onPhaseEnd = (phase: number): boolean => {
    const p = phases[phase] as SchedulePhase;
    const scheduled = (schedule.phaseStarts[phase + 1] as number) - (schedule.phaseStarts[phase] as number);
    const stats: RampStepStats = {
      rate: p.rate, scheduled, accepted: perPhase[phase]?.accepted ?? 0, errors: (perPhase[phase]?.errors ?? 0) + (droppedIn[phase] ?? 0),
      completedInWindow: completedInStep, durationMs: p.durationMs, p99E2eMs: rec.step.summary().p99, backlog: ledger.outstanding(),
    };
    completedInStep = 0;
    rec.step.reset();
    if (!settings.ramp) return true;
    const decision = decideRampStep(stats, settings.ramp.limits);
    rampSteps.push({ ...stats, decision });
    return decision.sustainable;
  };
  const outcome = await runOpenModel({
    schedule, startAt, maxInFlight: settings.maxInFlight, batchSize: settings.batchSize, send,
    onDrop: (a, at) => {
      dropped += 1;
      droppedIn[a.phase] = (droppedIn[a.phase] ?? 0) + 1;
      timeline.add('dropped', at);
    },
    onPhaseEnd,
    signal: options.signal,
  });
  const sendEnd = now();

  // 4. Drain: wait (bounded) until every accepted job settled.
  const drainUntil = sendEnd + settings.drainMs;
  while (ledger.outstanding() > 0 && now() < drainUntil && !options.signal?.aborted) await new Promise((r) => setTimeout(r, 50));
  const visibility = probe ? await probe.finish(Math.min(drainUntil, now() + 5000)) : { visible: 0, skipped: 0, gaveUp: 0 };
  if (progressTimer) clearInterval(progressTimer);
  const lagSamples = lag ? await lag.stop() : [];
  await follower.stop();

  // 5. Account.
  const tally = ledger.tally();
  const problems = balanceProblems(tally);
  const errorTotal: number = Object.values(errors).reduce<number>((a, b) => a + (b ?? 0), 0);
  const sendSeconds = Math.max(0.001, (sendEnd - startAt) / 1000);
  const completed = tally.accepted - tally.missing;
  const completionSeconds = Math.max(0.001, ((lastSettledAt || sendEnd) - startAt) / 1000);
  const lagMax: Record<string, number | null> = {};
  for (const s of lagSamples) {
    for (const [g, v] of Object.entries(s.lag)) lagMax[g] = v === null ? (lagMax[g] ?? null) : Math.max(lagMax[g] ?? 0, v);
  }
  const lagValues = Object.values(lagMax).filter((v): v is number => v !== null);
  const report = (r: ReturnType<typeof createLatencyRecorder>): LatencyReport => ({ ...r.summary(), hdr: r.encode() });
  const latency = {
    http: report(rec.http), e2e: report(rec.e2e), visible: report(rec.visible),
    stages: { accept: stages.accept.summary(), queue: stages.queue.summary(), run: stages.run.summary(), observe: stages.observe.summary() },
  };
  const metrics: Record<string, number | null> = {
    error_rate: schedule.total ? (errorTotal + dropped) / Math.max(1, outcome.sent + dropped) : 0,
    errors: errorTotal, drops: dropped, missing: tally.missing,
    accepted_rate: tally.accepted / sendSeconds, completed_rate: completed / completionSeconds,
    lag_max: lagValues.length ? Math.max(...lagValues) : null,
  };
  for (const series of ['http', 'e2e', 'visible'] as const) {
    for (const stat of ['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'] as const) metrics[`${series}.${stat}`] = latency[series][stat];
  }
  const thresholds = evaluateThresholds(settings.thresholds, metrics);
  return {
    runId, target: target.name, startedAt: startedAtWall.toISOString(), finishedAt: new Date().toISOString(),
    counts: { scheduled: schedule.total, sent: outcome.sent, requests: outcome.requests, dropped, skipped: outcome.skipped, errors, errorSamples: Object.fromEntries(errorDetails), errorTotal },
    tally, balanced: problems.length === 0, balanceProblems: problems, missingSample: ledger.openIds(10),
    rates: { acceptedPerSec: metrics.accepted_rate as number, completedPerSec: metrics.completed_rate as number, sendSeconds, completionSeconds },
    latency,
    distributions: { http: rec.http.distribution(), e2e: rec.e2e.distribution(), visible: rec.visible.distribution() },
    visibility, timeline: timeline.points(), lag: lagSamples, lagMax,
    ramp: settings.ramp ? { steps: rampSteps, sustainableRate: highestSustainableRate(rampSteps) } : null,
    thresholds, passed: thresholds.every((t) => t.passed),
  };
}
