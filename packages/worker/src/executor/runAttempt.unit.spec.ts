import type { JobEvent, JobWorkItem } from '@conveyor/events';
import { createJobTypeRegistry, defineJobType } from '@conveyor/job-types';
import { createLogger, createMetrics } from '@conveyor/runtime';
import { z } from 'zod';
import type { ClaimStore } from './createClaimStore';
import { attemptEventId } from './attemptEventId';
import { runAttempt } from './runAttempt';

const item: JobWorkItem = {
  jobId: '0b6f2c1e-8a3d-4c5b-9e7f-1a2b3c4d5e6f', attempt: 1, type: 'probe', payloadJson: '{}', priority: 'normal', maxAttempts: 1,
  timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, submittedAt: 0, dueAt: 0,
  traceparent: null, tracestate: null, replay: false, causationId: null, queue: 'default',
};

describe('runAttempt', () => {
  it('runs the handler while JobStarted is in flight, and publishes the outcome only after JobStarted is acknowledged', async () => {
    const steps: string[] = [];
    let ackStarted: () => void = () => undefined;
    const registry = createJobTypeRegistry([defineJobType({
      type: 'probe', description: 'test', sideEffects: false, payload: z.object({}),
      run: async () => {
        steps.push('handler');
        return null;
      },
    })]);
    const claims = {
      claim: async () => ({ kind: 'run' as const }),
      record: async () => {
        steps.push('record');
        return true;
      },
    } as unknown as ClaimStore;
    const publishEvents = (events: JobEvent[]) => {
      const type = events[0]?.type ?? '';
      steps.push(`send ${type}`);
      if (type !== 'JobStarted') return Promise.resolve();
      return new Promise<void>((resolve) => (ackStarted = () => {
        steps.push('ack JobStarted');
        resolve();
      }));
    };
    let released = false;
    const result = runAttempt({
      registry, claims, publishEvents, publishDeadLetters: async () => undefined, ports: {} as never, workerId: 'w1',
      defaultTimeoutMs: 1000, running: new Map(), recentlyCancelled: () => false,
      logger: createLogger({ service: 'test', level: 'silent' }), metrics: createMetrics('test'),
    }, item, { topic: 't', partition: 0, offset: '1' }, {}, { handlerReturned: () => (released = true) });
    await new Promise((r) => setTimeout(r, 20));
    expect(released).toBe(true);
    expect(steps).toEqual(['send JobStarted', 'handler', 'record']);
    ackStarted();
    await expect(result).resolves.toBe('succeeded');
    expect(steps).toEqual(['send JobStarted', 'handler', 'record', 'ack JobStarted', 'send JobSucceeded']);
  });

  it('given a stored outcome of a crashed worker, when republished, then JobStarted (same event id, dated before the outcome) goes first', async () => {
    const registry = createJobTypeRegistry([defineJobType({ type: 'probe', description: 'test', sideEffects: false, payload: z.object({}), run: async () => null })]);
    const outcome: JobEvent = {
      type: 'JobSucceeded',
      data: {
        meta: { eventId: 'e-outcome', jobId: item.jobId, occurredAt: 10_000, actor: 'w0', traceparent: null, tracestate: null, replay: false, causationId: null },
        attempt: 1, resultJson: 'null', durationMs: 400,
      },
    } as JobEvent;
    const claims = { claim: async () => ({ kind: 'republish' as const, events: [outcome] }) } as unknown as ClaimStore;
    const sent: JobEvent[][] = [];
    const result = await runAttempt({
      registry, claims, publishEvents: async (events) => void sent.push(events), publishDeadLetters: async () => undefined, ports: {} as never,
      workerId: 'w1', defaultTimeoutMs: 1000, running: new Map(), recentlyCancelled: () => false,
      logger: createLogger({ service: 'test', level: 'silent' }), metrics: createMetrics('test'),
    }, item, { topic: 't', partition: 0, offset: '1' });
    expect(result).toBe('republished');
    expect(sent.map((batch) => batch.map((e) => e.type))).toEqual([['JobStarted'], ['JobSucceeded']]);
    const started = sent[0]![0]!;
    expect(started.data.meta.eventId).toBe(attemptEventId(item.jobId, 1, 'started'));
    expect(started.data.meta.occurredAt).toBe(9_600);
  });
});
