import type { JobWorkItem } from '@conveyor/events';
import { NonRetriableError } from '@conveyor/errors';
import { createJobTypeRegistry, defineJobType } from '@conveyor/job-types';
import { createLogger, createMetrics } from '@conveyor/runtime';
import { z } from 'zod';
import type { ClaimStore } from './createClaimStore';
import { runAttempt } from './runAttempt';

const item: JobWorkItem = {
  jobId: '5d1c1f0e-2b3a-4c5d-8e9f-0a1b2c3d4e5f', attempt: 1, type: 'flaky', payloadJson: '{}', priority: 'normal', maxAttempts: 3,
  timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, submittedAt: Date.now() - 2000, dueAt: Date.now() - 1500,
  traceparent: null, tracestate: null, replay: false, causationId: null, queue: 'default',
};

/** Issue 17: the outcome label and the end-to-end histogram tell what happened to the job. */
describe('runAttempt metrics', () => {
  const run = async (error: Error, attempt: number) => {
    const metrics = createMetrics('test');
    const registry = createJobTypeRegistry([defineJobType({
      type: 'flaky', description: 'test', sideEffects: false, payload: z.object({}), run: async () => { throw error; },
    })]);
    const claims = { claim: async () => ({ kind: 'run' as const }), record: async () => true } as unknown as ClaimStore;
    const result = await runAttempt({
      registry, claims, publishEvents: async () => undefined, publishDeadLetters: async () => undefined, ports: {} as never, workerId: 'w1',
      defaultTimeoutMs: 1000, running: new Map(), recentlyCancelled: () => false,
      logger: createLogger({ service: 'test', level: 'silent' }), metrics,
    }, { ...item, attempt }, { topic: 't', partition: 0, offset: '1' });
    const jobs = (await metrics.jobs.get()).values.map((v) => v.labels.outcome);
    const endToEnd = (await metrics.jobEndToEnd.get()).values.find((v) => v.metricName === 'conveyor_job_end_to_end_seconds_count' && v.value > 0);
    const sum = (await metrics.jobEndToEnd.get()).values.find((v) => v.metricName === 'conveyor_job_end_to_end_seconds_sum');
    const byQueue = (await metrics.queueAttempts.get()).values.map((v) => v.labels);
    return { result, jobs, endToEnd, sum, byQueue };
  };

  it('counts a final failure parked in the dead letters as dead_lettered, with its end-to-end latency from dueAt', async () => {
    const { result, jobs, endToEnd, sum } = await run(new NonRetriableError('bad request', 'BAD'), 1);
    expect(result).toBe('failed');
    expect(jobs).toEqual(['dead_lettered']);
    expect(endToEnd?.labels).toEqual({ type: 'flaky', outcome: 'dead_lettered' });
    expect(sum?.value).toBeGreaterThanOrEqual(1.5);
    expect(sum?.value).toBeLessThan(2);
  });

  it('counts a failed attempt with retries left as retry, not an ending', async () => {
    const { result, jobs, endToEnd } = await run(new Error('downstream 503'), 1);
    expect(result).toBe('retry');
    expect(jobs).toEqual(['retry']);
    expect(endToEnd).toBeUndefined();
  });

  it('counts each finished attempt under its queue too (per-queue throughput)', async () => {
    const { byQueue } = await run(new NonRetriableError('bad request', 'BAD'), 1);
    expect(byQueue).toEqual([{ queue: 'default', outcome: 'dead_lettered' }]);
  });
});
