import { createJobTypeRegistry } from '@conveyor/job-types';
import { createSecretBox, generateSecretKey, parseSecretKeyRing } from '@conveyor/job-types/secrets';
import { createJobService } from './jobService';
import type { JobStateStore } from './jobStateStore';

const jobTypes = createJobTypeRegistry();

/** A job service whose publisher records what it was given (no broker: this tests the order of admit and publish). */
function serviceWithLog() {
  const log: string[] = [];
  const service = createJobService({
    jobTypes,
    secrets: createSecretBox(parseSecretKeyRing(generateSecretKey('test'), undefined)),
    events: { publish: async (events) => { log.push(`publish ${events.length}`); return []; } },
    jobStates: {} as JobStateStore,
    idempotency: { once: async () => { throw new Error('not used'); } },
    now: () => Date.parse('2026-12-03T00:00:00Z'),
  });
  return { service, log };
}

const meta = { actor: 'key:test', idempotencyKey: null };

describe('submitBatch and the rate limit', () => {
  it('given a valid batch of 3 jobs, when submitted, then it is admitted at a cost of 3 before anything is published', async () => {
    const { service, log } = serviceWithLog();
    const body = { jobs: [{ type: 'noop', payload: {} }, { type: 'noop', payload: {} }, { type: 'sleep', payload: { ms: 1 } }] };
    await service.submitBatch(body, meta, async (cost) => void log.push(`admit ${cost}`));
    expect(log).toEqual(['admit 3', 'publish 3']);
  });

  it('given a refusing admit, when a batch is submitted, then nothing is published', async () => {
    const { service, log } = serviceWithLog();
    const refuse = async () => { throw new Error('429'); };
    await expect(service.submitBatch({ jobs: [{ type: 'noop', payload: {} }] }, meta, refuse)).rejects.toThrow('429');
    expect(log).toEqual([]);
  });

  it('given an invalid batch, when submitted, then it is refused before it costs anything', async () => {
    const { service, log } = serviceWithLog();
    await expect(service.submitBatch({ jobs: [{ type: 'noop', payload: {} }, { type: 'nope' }] }, meta, async (cost) => void log.push(`admit ${cost}`))).rejects.toMatchObject({ status: expect.any(Number) as number });
    expect(log).toEqual([]);
  });
});
