import { waitFor } from '@conveyor/testing';
import { createSemanticsHarness, type SemanticsHarness, type Seen } from './jobSemanticsHarness';

/** Issue "Job semantics": priorities (1), delayed jobs (4), cancellation (6), concurrency and fairness (7), with measured figures. */
const report = (line: string) => process.stdout.write(`${line}\n`);
const timeOf = (s: Seen | undefined) => s?.data.meta.occurredAt as number;

describe('priorities under a low backlog (EXECUTOR_CONCURRENCY=4)', () => {
  let h: SemanticsHarness;
  beforeAll(async () => {
    h = await createSemanticsHarness({ EXECUTOR_CONCURRENCY: '4', PROCESSOR_ROLES: 'dispatcher,executor' });
    await h.start();
  });
  afterAll(async () => h?.close());

  it('20 high jobs finish long before a 300-job low backlog drains, and the lows keep progressing', async () => {
    const lows = await h.submitMany(300, 'sleep', { ms: 50 }, { priority: 'low' });
    const lowDone = () => lows.filter((id) => h.of(id, 'JobSucceeded').length).length;
    await waitFor(() => lowDone() >= 10, { timeoutMs: 30_000, what: 'the low backlog to start draining' });
    const atHighSubmit = lowDone();
    const highs = await h.submitMany(20, 'sleep', { ms: 50 }, { priority: 'high' });
    await waitFor(() => highs.every((id) => h.of(id, 'JobSucceeded').length), { timeoutMs: 30_000, what: 'every high job' });
    const atHighsDone = lowDone();
    await waitFor(() => lowDone() === lows.length, { timeoutMs: 60_000, what: 'the low backlog' });
    const lastHigh = Math.max(...highs.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])));
    const firstHighSubmit = Math.min(...highs.map((id) => timeOf(h.of(id, 'JobSubmitted')[0])));
    const lowEnds = lows.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])).sort((a, b) => a - b);
    const lowsBeforeLastHigh = lowEnds.filter((t) => t <= lastHigh).length;
    report(`priorities: 300 low + 20 high sleep(50ms), 4 slots: highs done ${lastHigh - firstHighSubmit} ms after submission; ` +
      `lows done: ${atHighSubmit} at high submit, ${lowsBeforeLastHigh} when the last high finished (${(100 * lowsBeforeLastHigh / lows.length).toFixed(0)}%), ` +
      `${atHighsDone - atHighSubmit} lows finished meanwhile; low backlog drained ${(lowEnds.at(-1)! - lastHigh)} ms after the last high`);
    expect(lowsBeforeLastHigh).toBeLessThan(0.3 * lows.length);
    expect(lowsBeforeLastHigh).toBeGreaterThan(atHighSubmit); // lows progressed while highs ran
  }, 120_000);
});

describe('delays, cancellation (default settings)', () => {
  let h: SemanticsHarness;
  beforeAll(async () => {
    h = await createSemanticsHarness({ EXECUTOR_CONCURRENCY: '2', PROCESSOR_ROLES: 'dispatcher,executor' });
    await h.start();
  });
  afterAll(async () => h?.close());

  it('a runAt 2 s ahead starts within a second after it, and a job behind it on the same partition runs at once', async () => {
    const runAt = Date.now() + 2000;
    const delayed = h.submitted('noop', {}, { runAt, concurrencyKey: 'same-partition' });
    const behind = h.submitted('noop', {}, { concurrencyKey: 'same-partition' });
    await h.publish([{ type: 'JobSubmitted', data: delayed }, { type: 'JobSubmitted', data: behind }], { partition: 0 });
    const behindDone = await waitFor(() => h.of(behind.meta.jobId, 'JobSucceeded')[0], { timeoutMs: 10_000, what: 'the job behind' });
    expect(timeOf(behindDone)).toBeLessThan(runAt - 1000);
    const started = await waitFor(() => h.of(delayed.meta.jobId, 'JobStarted')[0], { timeoutMs: 10_000, what: 'the delayed start' });
    const error = timeOf(started) - runAt;
    report(`delay: runAt +2 s started ${error} ms after runAt; the job behind it finished ${timeOf(behindDone) - behind.meta.occurredAt} ms after submission`);
    expect(error).toBeGreaterThanOrEqual(0);
    expect(error).toBeLessThan(1000);
  });

  it('cancels a queued job: it never starts', async () => {
    const blockers = await h.submitMany(2, 'sleep', { ms: 1500 }); // both slots busy
    await waitFor(() => blockers.every((id) => h.of(id, 'JobStarted').length), { what: 'the blockers to start' });
    const queued = await h.submit('noop', {});
    await h.cancel(queued.meta.jobId);
    await waitFor(() => blockers.every((id) => h.of(id, 'JobSucceeded').length), { what: 'the blockers to finish' });
    const marker = await h.submit('noop', {});
    await waitFor(() => h.of(marker.meta.jobId, 'JobSucceeded')[0], { what: 'a marker after' });
    expect(h.of(queued.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobCancelled']);
  });

  it('cancels a delayed job: its timer goes, it never starts', async () => {
    const job = await h.submit('noop', {}, { runAt: Date.now() + 1500 });
    await h.cancel(job.meta.jobId);
    const marker = await h.submit('noop', {}, { runAt: Date.now() + 2000 });
    await waitFor(() => h.of(marker.meta.jobId, 'JobSucceeded')[0], { what: 'a delayed marker due after it' });
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobCancelled']);
  });

  it('cancels a retrying job: the next attempt never starts', async () => {
    const job = await h.submit('fail', {}, { maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 1500, maxDelayMs: 1500 } });
    const retry = await waitFor(() => h.of(job.meta.jobId, 'JobRetryScheduled')[0], { what: 'the retry' });
    await h.cancel(job.meta.jobId);
    const marker = await h.submit('noop', {}, { runAt: (retry.data.nextRunAt as number) + 500 });
    await waitFor(() => h.of(marker.meta.jobId, 'JobSucceeded')[0], { what: 'a marker due after the retry' });
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobRetryScheduled', 'JobCancelled']);
  });

  it('cancels a running job through its AbortSignal: no outcome is recorded', async () => {
    const job = await h.submit('sleep', { ms: 1500 });
    await waitFor(() => h.of(job.meta.jobId, 'JobStarted')[0], { what: 'the start' });
    await h.cancel(job.meta.jobId);
    const marker = await h.submit('noop', {}, { runAt: Date.now() + 2000 });
    await waitFor(() => h.of(marker.meta.jobId, 'JobSucceeded')[0], { what: 'a marker due after the sleep' });
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobCancelled']);
  });

  it('a timeout aborts the handler through its AbortSignal and counts as a failed, retriable attempt', async () => {
    const job = await h.submit('sleep', { ms: 10_000 }, { timeoutMs: 200, maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } });
    await waitFor(() => h.of(job.meta.jobId, 'JobFailed')[0], { what: 'the final failure' });
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobRetryScheduled', 'JobStarted', 'JobFailed', 'JobDeadLettered']);
    expect(h.of(job.meta.jobId, 'JobRetryScheduled')[0]!.data).toMatchObject({ attempt: 1, error: { code: 'TIMEOUT', retriable: true } });
    expect(h.of(job.meta.jobId, 'JobFailed')[0]!.data.durationMs as number).toBeLessThan(1000);
  });
});

describe('fairness between concurrency keys (EXECUTOR_CONCURRENCY=10, KEY_CONCURRENCY=2)', () => {
  let h: SemanticsHarness;
  beforeAll(async () => {
    h = await createSemanticsHarness({ EXECUTOR_CONCURRENCY: '10', KEY_CONCURRENCY: '2', PROCESSOR_ROLES: 'dispatcher,executor' });
    await h.start();
  });
  afterAll(async () => h?.close());

  /** Most jobs of the list running at once, from their JobStarted → JobSucceeded intervals. */
  const maxOverlap = (ids: string[]) => {
    const points = ids.flatMap((id) => [[timeOf(h.of(id, 'JobStarted')[0]), 1], [timeOf(h.of(id, 'JobSucceeded')[0]), -1]] as const);
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]); // an end before a start at the same millisecond
    let now = 0;
    let max = 0;
    for (const [, d] of points) max = Math.max(max, (now += d));
    return max;
  };

  it('200 jobs of tenant-a then 5 of tenant-b: tenant-b finishes long before tenant-a drains; never more than 2 per key', async () => {
    const a = await h.submitMany(200, 'sleep', { ms: 50 }, { concurrencyKey: 'tenant-a' });
    const b = await h.submitMany(5, 'sleep', { ms: 50 }, { concurrencyKey: 'tenant-b' });
    await waitFor(() => [...a, ...b].every((id) => h.of(id, 'JobSucceeded').length), { timeoutMs: 60_000, what: 'every job' });
    const aEnds = a.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])).sort((x, y) => x - y);
    const lastB = Math.max(...b.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])));
    const aBeforeB = aEnds.filter((t) => t <= lastB).length;
    const overlapA = maxOverlap(a);
    const overlapB = maxOverlap(b);
    report(`fairness: tenant-b's 5 jobs done after ${aBeforeB}/200 of tenant-a's (${aEnds.at(-1)! - lastB} ms before tenant-a drained); max running per key: a=${overlapA}, b=${overlapB}`);
    expect(aBeforeB).toBeLessThan(50);
    expect(overlapA).toBeLessThanOrEqual(2);
    expect(overlapB).toBeLessThanOrEqual(2);
  }, 90_000);
});
