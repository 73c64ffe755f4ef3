import { jobEvents as e } from './jobEventFixtures';
import { timelineRow } from './timelineProjection';

describe('timeline projection', () => {
  it('given a submission at a log position, then a row with the payload as JSON, the position and the trace id', () => {
    const event = e.submitted('j1', 1000, { payload: { a: 1 }, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const row = timelineRow(event, { topic: 't', partition: 2, offset: '42' });
    expect(row).toMatchObject({
      eventId: event.data.meta.eventId, jobId: 'j1', eventType: 'JobSubmitted', occurredAt: 1000, attempt: null,
      topic: 't', partition: 2, offset: '42', traceId: '0af7651916cd43dd8448eb211c80319c',
    });
    expect(row.data).toMatchObject({ actor: 'test', type: 'noop', payload: { a: 1 }, priority: 'normal' });
    expect(row.data).not.toHaveProperty('payloadJson');
  });

  it('given an attempt event, then its attempt number', () => {
    expect(timelineRow(e.failed('j1', 1, 3), { topic: 't', partition: 0, offset: '1' })).toMatchObject({ attempt: 3, traceId: null });
  });
});
