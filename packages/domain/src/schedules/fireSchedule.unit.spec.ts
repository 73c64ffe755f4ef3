import { fireSchedule } from './fireSchedule';
import type { JobTemplate } from './scheduleState';

const template: JobTemplate = {
  type: 'links.check', payload: { url: 'https://example.org/' }, priority: 'low', maxAttempts: 3, timeoutMs: null,
  concurrencyKey: 'tenant-a', backoff: { kind: 'exponential', delayMs: 1_000, maxDelayMs: 60_000 },
};
const meta = { eventId: '6f1c0f5e-7b8a-4d55-9d1e-2b6a5f0c3e11', now: Date.parse('2026-12-03T13:00:00Z'), actor: 'scheduler', traceparent: null, tracestate: null };

describe('fireSchedule', () => {
  it('submits the template\'s job with the schedule\'s id, on the queue of its type', () => {
    const [event] = fireSchedule({ scheduleId: 's-1', jobId: 'j-1', jobTemplate: template, queue: 'links' }, meta);
    expect(event).toMatchObject({ type: 'JobSubmitted', data: { type: 'links.check', scheduleId: 's-1', queue: 'links', priority: 'low', concurrencyKey: 'tenant-a' } });
  });

  it('uses the default queue when the type names none', () => {
    const [event] = fireSchedule({ scheduleId: 's-1', jobId: 'j-1', jobTemplate: template }, meta);
    expect(event).toMatchObject({ type: 'JobSubmitted', data: { queue: 'default' } });
  });
});
