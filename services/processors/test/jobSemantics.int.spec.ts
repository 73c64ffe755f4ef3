import { waitFor } from '@conveyor/testing';
import { createAbortProbe, untilAbortedType } from './abortProbe';
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

  it('20 high jobs submitted behind a 300-job low backlog take most slots while both wait (weights 6:1), and the lows keep progressing', async () => {
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
    // Order, not speed: between the first and the last high start, the picker gives high 6 slots for each
    // low one while both have work; allow highs that reach the executor in several batches (low gets a
    // slot while high is momentarily empty): still, fewer lows than highs start in that window.
    const startOf = (id: string) => timeOf(h.of(id, 'JobStarted')[0]);
    const highStarts = highs.map(startOf).sort((x, y) => x - y);
    const lowsStartedAmongHighs = lows.map(startOf).filter((t) => t > highStarts[0]! && t < highStarts.at(-1)!).length;
    report(`priorities: ${lowsStartedAmongHighs} lows started between the first and the last of the 20 high starts`);
    expect(lowsStartedAmongHighs).toBeLessThan(highs.length);
    expect(lastHigh).toBeLessThan(lowEnds.at(-1)!); // the highs did not wait for the backlog
    expect(lowsBeforeLastHigh).toBeGreaterThan(atHighSubmit); // lows progressed while highs ran
  }, 120_000);
});

describe('delays, cancellation (default settings)', () => {
  let h: SemanticsHarness;
  const probe = createAbortProbe();
  let queuedKeys = 0;
  beforeAll(async () => {
    h = await createSemanticsHarness({ EXECUTOR_CONCURRENCY: '2', PROCESSOR_ROLES: 'dispatcher,executor' });
    await h.start({ registry: probe.registry });
  });
  afterAll(async () => {
    probe.release();
    await h?.close();
  });

  it('a runAt 2 s ahead does not start before it, and a job behind it on the same partition is not held: it finishes before the delayed one starts', async () => {
    const runAt = Date.now() + 2000;
    const delayed = h.submitted('noop', {}, { runAt, concurrencyKey: 'same-partition' });
    const behind = h.submitted('noop', {}, { concurrencyKey: 'same-partition' });
    await h.publish([{ type: 'JobSubmitted', data: delayed }, { type: 'JobSubmitted', data: behind }], { partition: 0 });
    const behindDone = await waitFor(() => h.of(behind.meta.jobId, 'JobSucceeded')[0], { timeoutMs: 10_000, what: 'the job behind' });
    const started = await waitFor(() => h.of(delayed.meta.jobId, 'JobStarted')[0], { timeoutMs: 10_000, what: 'the delayed start' });
    const error = timeOf(started) - runAt;
    report(`delay: runAt +2 s started ${error} ms after runAt; the job behind it finished ${timeOf(behindDone) - behind.meta.occurredAt} ms after submission`);
    expect(error).toBeGreaterThanOrEqual(0);
    expect(timeOf(behindDone)).toBeLessThanOrEqual(timeOf(started)); // order, not a wall-clock limit
  });

  it('cancels a queued job: it never starts', async () => {
    // Both slots held by jobs that end only when cancelled: the next job queues, however slow the machine.
    const blockers = await h.submitMany(2, untilAbortedType, {});
    await waitFor(() => blockers.every((id) => probe.runs.has(id)), { what: 'the blockers to start' });
    const key = `queued-${queuedKeys++}`; // same key, same work partition: the marker is read after the queued job
    const queued = await h.submit('noop', {}, { concurrencyKey: key });
    await h.cancel(queued.meta.jobId);
    await waitFor(() => h.of(queued.meta.jobId, 'JobCancelled')[0], { what: 'the cancellation in the log' });
    // A cancel takes effect once the processors have applied it (the dispatcher records it, and the claim
    // refuses a recorded one); the slots are freed only then, however far behind a loaded machine runs them.
    await waitFor(async () => (await h.pool.query('select 1 from job_cancellations where job_id = $1', [queued.meta.jobId])).rowCount === 1, { what: 'the cancellation applied' });
    for (const id of blockers) await h.cancel(id);
    const marker = await h.submit('noop', {}, { concurrencyKey: key });
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

  it('cancels a running job through its AbortSignal: the handler sees the abort after JobCancelled, the slot is freed, no outcome is recorded', async () => {
    // Both slots: the job to cancel, and one that keeps running.
    const [job, other] = await h.submitMany(2, untilAbortedType, {}) as [string, string];
    await waitFor(() => probe.runs.has(job) && probe.runs.has(other), { what: 'both handlers to run' });
    // Running as the log says: a handler may begin a few milliseconds before its JobStarted is acknowledged
    // (packages/worker/src/executor/runAttempt.ts), and a cancel decided in that window is a cancel of a queued job.
    await waitFor(() => h.of(job, 'JobStarted')[0] && h.of(other, 'JobStarted')[0], { what: 'both JobStarted in the log' });
    await h.cancel(job);
    const aborted = await waitFor(() => probe.runs.get(job)?.abortedAt, { what: 'the abort in the handler' });
    const cancelled = await waitFor(() => h.of(job, 'JobCancelled')[0], { what: 'the cancellation in the log' });
    expect(aborted).toBeGreaterThanOrEqual(timeOf(cancelled));
    // The freed slot runs the next job while the other still holds its own.
    const next = await h.submit('noop', {});
    await waitFor(() => h.of(next.meta.jobId, 'JobSucceeded')[0], { what: 'a job in the freed slot' });
    expect(probe.runs.get(other)?.abortedAt).toBeUndefined();
    await h.cancel(other);
    await waitFor(() => probe.runs.get(other)?.abortedAt, { what: 'the other abort' });
    expect(h.of(job).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobCancelled']);
  });

  it('a timeout aborts the handler through its AbortSignal and counts as a failed, retriable attempt', async () => {
    const probed = await h.submit(untilAbortedType, {}, { timeoutMs: 200, maxAttempts: 1 });
    const run = await waitFor(() => { const r = probe.runs.get(probed.meta.jobId); return r?.abortedAt ? r : undefined; }, { what: 'the abort on timeout' });
    expect(run.abortedAt! - run.startedAt).toBeGreaterThanOrEqual(200 - 5); // not before the timeout (timer granularity)
    await waitFor(() => h.of(probed.meta.jobId, 'JobFailed')[0], { what: 'the probe to fail' });
    const job = await h.submit('sleep', { ms: 10_000 }, { timeoutMs: 200, maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } });
    await waitFor(() => h.of(job.meta.jobId, 'JobFailed')[0], { what: 'the final failure' });
    expect(h.of(job.meta.jobId).map((s) => s.type)).toEqual(['JobSubmitted', 'JobStarted', 'JobRetryScheduled', 'JobStarted', 'JobFailed', 'JobDeadLettered']);
    expect(h.of(job.meta.jobId, 'JobRetryScheduled')[0]!.data).toMatchObject({ attempt: 1, error: { code: 'TIMEOUT', retriable: true } });
    // Ended by the timeout, not by the 10 s sleep: at least the timeout, less than the sleep.
    // Not before the timeout, within timer granularity (a 200 ms timer has measured 199 ms from the attempt's start).
    expect(h.of(job.meta.jobId, 'JobFailed')[0]!.data.durationMs as number).toBeGreaterThanOrEqual(200 - 5);
    expect(h.of(job.meta.jobId, 'JobFailed')[0]!.data.durationMs as number).toBeLessThan(10_000);
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

  it('200 jobs of tenant-a then 5 of tenant-b: tenant-b finishes before tenant-a drains; never more than 2 per key', async () => {
    const a = await h.submitMany(200, 'sleep', { ms: 50 }, { concurrencyKey: 'tenant-a' });
    const b = await h.submitMany(5, 'sleep', { ms: 50 }, { concurrencyKey: 'tenant-b' });
    await waitFor(() => [...a, ...b].every((id) => h.of(id, 'JobSucceeded').length), { timeoutMs: 60_000, what: 'every job' });
    const aEnds = a.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])).sort((x, y) => x - y);
    const lastB = Math.max(...b.map((id) => timeOf(h.of(id, 'JobSucceeded')[0])));
    const aBeforeB = aEnds.filter((t) => t <= lastB).length;
    const overlapA = maxOverlap(a);
    const overlapB = maxOverlap(b);
    report(`fairness: tenant-b's 5 jobs done after ${aBeforeB}/200 of tenant-a's (${aEnds.at(-1)! - lastB} ms before tenant-a drained); max running per key: a=${overlapA}, b=${overlapB}`);
    expect(lastB).toBeLessThan(aEnds.at(-1)!); // order, not speed: b is not served after the whole of a
    expect(overlapA).toBeLessThanOrEqual(2);
    expect(overlapB).toBeLessThanOrEqual(2);
  }, 90_000);
});
