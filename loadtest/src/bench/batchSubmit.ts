import type { JobRequest } from '../http/commandClient';
import { createJobLedger } from '../jobLedger';
import { createLatencyRecorder, type LatencySummary } from '../latencyRecorder';
import type { LoadTarget } from '../loadTarget';

/** What the batch phase measured. */
export interface BatchSubmitResult {
  batchSize: number;
  concurrency: number;
  requests: number;
  /** Requests answered with something else than 202 (or not at all), and the first such answer. */
  failedRequests: number;
  failure?: string;
  accepted: number;
  completed: number;
  /** Jobs accepted (202) per second of sending. */
  acceptedPerSec: number;
  /** Jobs that reached a terminal event per second, from the first send to the last terminal event seen. */
  completedPerSec: number;
  sendSeconds: number;
  /** Of one request, from its send to its answer, in milliseconds. */
  requestLatency: LatencySummary;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Batch submit, closed loop (public): `concurrency` clients each send `batchSize` jobs in one
 * `POST /v1/jobs/batch` and the next as soon as it is answered, until `durationMs` has passed or `maxJobs`
 * were sent; then waits (at most `drainMs`) until every accepted job reached a terminal event, followed as
 * the load test follows them (the target's `follow`).
 */
export async function runBatchSubmit(options: {
  target: LoadTarget; job: (index: number) => JobRequest; batchSize: number; concurrency: number;
  durationMs: number; maxJobs: number; drainMs: number;
}): Promise<BatchSubmitResult> {
  const { target, batchSize } = options;
  const ledger = createJobLedger();
  const latency = createLatencyRecorder();
  let lastSettledAt = 0;
  const settled = (s: { entry: { settledAt: number | null } } | undefined) => {
    if (s) lastSettledAt = Math.max(lastSettledAt, s.entry.settledAt ?? 0);
  };
  const follower = await target.follow({ terminal: (jobId, outcome, at) => settled(ledger.observe(jobId, outcome, at)) });
  let sent = 0;
  let requests = 0;
  let failedRequests = 0;
  let failure: string | undefined;
  const startedAt = now();
  const endsAt = startedAt + options.durationMs;
  const client = async () => {
    while (now() < endsAt && sent < options.maxJobs) {
      const first = sent;
      sent += batchSize;
      const jobs = Array.from({ length: batchSize }, (_, i) => options.job(first + i));
      const t = now();
      const res = await target.client.submitBatch(jobs);
      const answeredAt = now();
      requests += 1;
      if (!res.ok) {
        failedRequests += 1;
        failure ??= `${res.kind}: ${res.detail}`;
        continue;
      }
      latency.record(answeredAt - t);
      for (const jobId of res.jobIds) settled(ledger.accept(jobId, t, answeredAt));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, client));
    const sendEnd = now();
    const drainUntil = sendEnd + options.drainMs;
    while (ledger.outstanding() > 0 && now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
    const tally = ledger.tally();
    const completed = tally.accepted - tally.missing;
    const sendSeconds = Math.max(0.001, (sendEnd - startedAt) / 1000);
    return {
      batchSize, concurrency: options.concurrency, requests, failedRequests, ...(failure ? { failure } : {}),
      accepted: tally.accepted, completed, acceptedPerSec: tally.accepted / sendSeconds,
      completedPerSec: completed / Math.max(0.001, ((lastSettledAt || sendEnd) - startedAt) / 1000), sendSeconds,
      requestLatency: latency.summary(),
    };
  } finally {
    await follower.stop();
  }
}

/** The batch phase of each system side by side as markdown (pure). */
export function renderBatchSubmit(results: ReadonlyArray<{ name: string; result: BatchSubmitResult | null }>): string {
  const shown = results.filter((r): r is { name: string; result: BatchSubmitResult } => r.result !== null);
  const first = shown[0]?.result;
  if (!first) return '';
  const ms = (v: number | null) => (v === null ? '–' : v.toFixed(1));
  return [
    `### Batch submit: ${first.batchSize} jobs per POST /v1/jobs/batch, ${first.concurrency} requests at a time (closed loop)`, '',
    '| system | requests (failed) | accepted | accepted jobs/s | completed | completed jobs/s | request p50 / p99 (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...shown.map(({ name, result: r }) => `| ${name} | ${r.requests} (${r.failedRequests}) | ${r.accepted} | ${r.acceptedPerSec.toFixed(0)} | ${r.completed} | ${r.completedPerSec.toFixed(0)} | ${ms(r.requestLatency.p50)} / ${ms(r.requestLatency.p99)} |`),
    ...shown.filter((s) => s.result.failure).map((s) => `- ${s.name}: first failed request: ${s.result.failure}`),
    '',
  ].join('\n');
}
