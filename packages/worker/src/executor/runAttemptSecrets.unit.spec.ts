import type { JobEvent, JobWorkItem } from '@conveyor/events';
import { createJobTypeRegistry, defineJobType } from '@conveyor/job-types';
import { createSecretBox, generateSecretKey, parseSecretKeyRing, sealPayload, type SecretBox } from '@conveyor/job-types/secrets';
import { createLogger, createMetrics } from '@conveyor/runtime';
import { z } from 'zod';
import type { ClaimStore } from './createClaimStore';
import { runAttempt } from './runAttempt';

/** Issue 11: only the executor opens a payload's secrets, right before the handler, and they leave with nothing it stores. */
describe('runAttempt: sealed secrets', () => {
  const box = createSecretBox(parseSecretKeyRing(generateSecretKey('k1'), undefined));
  const secretFields = { headers: ['authorization'] };
  const seen: unknown[] = [];
  const registry = createJobTypeRegistry([defineJobType({
    type: 'echo', description: 'test', sideEffects: false, secretFields,
    payload: z.object({ headers: z.record(z.string(), z.string()), fail: z.boolean().default(false) }),
    run: async (p) => {
      seen.push(p.headers.authorization);
      if (p.fail) throw new Error(`refused ${p.headers.authorization}`);
      return { echoed: p.headers.authorization };
    },
  })]);
  const run = async (payload: unknown, secrets: SecretBox | undefined) => {
    const published: JobEvent[] = [];
    const item: JobWorkItem = {
      jobId: '5d1c1f0e-2b3a-4c5d-8e9f-0a1b2c3d4e5f', attempt: 1, type: 'echo', payloadJson: JSON.stringify(payload), priority: 'normal', maxAttempts: 1,
      timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, submittedAt: Date.now(), dueAt: Date.now(),
      traceparent: null, tracestate: null, replay: false, causationId: null, queue: 'default',
    };
    await runAttempt({
      registry, claims: { claim: async () => ({ kind: 'run' as const }), record: async () => true } as unknown as ClaimStore,
      publishEvents: async (events) => void published.push(...events), publishDeadLetters: async () => undefined, ports: {} as never,
      secrets, workerId: 'w1', defaultTimeoutMs: 1000, running: new Map(), recentlyCancelled: () => false,
      logger: createLogger({ service: 'test', level: 'silent' }), metrics: createMetrics('test'),
    }, item, { topic: 't', partition: 0, offset: '1' });
    return published.find((e) => e.type !== 'JobStarted')!;
  };
  const sealed = (fail = false) => sealPayload({ headers: { authorization: 'Bearer s3cr3t-value' }, fail }, secretFields, box);

  it('the handler gets the plain value; the result and the error it throws hold "[redacted]" instead', async () => {
    seen.length = 0;
    const ok = await run(sealed(), box);
    expect(ok).toMatchObject({ type: 'JobSucceeded', data: { resultJson: JSON.stringify({ echoed: '[redacted]' }) } });
    const failed = await run(sealed(true), box);
    expect(failed).toMatchObject({ type: 'JobFailed', data: { error: { message: 'refused [redacted]' } } });
    expect(seen).toEqual(['Bearer s3cr3t-value', 'Bearer s3cr3t-value']);
  });

  it('without the key it was sealed with, the job fails for good with SECRET_UNREADABLE and the handler never runs', async () => {
    seen.length = 0;
    const other = createSecretBox(parseSecretKeyRing(generateSecretKey('k2'), undefined));
    expect(await run(sealed(), other)).toMatchObject({ type: 'JobFailed', data: { error: { code: 'SECRET_UNREADABLE', retriable: false } } });
    expect(await run(sealed(), undefined)).toMatchObject({ type: 'JobFailed', data: { error: { code: 'SECRET_UNREADABLE', retriable: false } } });
    expect(seen).toEqual([]);
  });
});
