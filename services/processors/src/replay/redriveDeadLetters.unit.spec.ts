import { redriveOf } from './redriveDeadLetters';
import { redriveEventId } from './redriveIds';

const letter = {
  deadLetterId: '2f0f6a40-8a8e-4a53-9d3c-1b1e6f0e9a01', jobId: '7c2b6f5e-1d2a-4c3b-8e9f-0a1b2c3d4e5f', type: 'http.request', cause: 'attempts_exhausted',
  attempt: 3, deadLetteredAt: 1000, priorRedrives: 0,
  job: { payload: { url: 'https://example.test' }, priority: 'high' as const, maxAttempts: 3, timeoutMs: null, concurrencyKey: null, backoff: { kind: 'fixed' as const, delayMs: 1, maxDelayMs: 1 }, submittedAt: 10, traceparent: null },
};

describe('redriveOf', () => {
  it('publishes the next attempt, caused by the dead letter, with an id derived from (letter, count)', () => {
    const { event, item } = redriveOf(letter, 1, { actor: 'ops', now: 5000 });
    expect(event).toMatchObject({ type: 'JobRequeued', data: { attempt: 4, by: 'ops', redriveCount: 1, deadLetterId: letter.deadLetterId, meta: { causationId: letter.deadLetterId, replay: false } } });
    expect(event.data.meta.eventId).toBe(redriveEventId(letter.deadLetterId, 1));
    expect(redriveOf(letter, 1, { actor: 'other', now: 9 }).event.data.meta.eventId).toBe(event.data.meta.eventId);
    expect(redriveOf(letter, 2, { actor: 'ops', now: 5000 }).event.data.meta.eventId).not.toBe(event.data.meta.eventId);
    expect(item).toMatchObject({ jobId: letter.jobId, attempt: 4, maxAttempts: 4, priority: 'high', payloadJson: '{"url":"https://example.test"}', causationId: letter.deadLetterId, replay: false });
  });
});
