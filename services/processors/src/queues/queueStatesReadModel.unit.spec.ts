import type { QueueEvent, QueueMetadata } from '@conveyor/events';
import { evolveQueueState, queueStatesReadModel } from './queueStatesReadModel';

const topic = 'conveyor.admin-events';
const meta = (occurredAt: number, actor = 'operator'): QueueMetadata => ({ eventId: `e-${occurredAt}`, queue: 'emails', occurredAt, actor, traceparent: null, tracestate: null });
const paused = (at: number, actor?: string): QueueEvent => ({ type: 'QueuePaused', data: { meta: meta(at, actor), reason: 'maintenance' } });
const resumed = (at: number, actor?: string): QueueEvent => ({ type: 'QueueResumed', data: { meta: meta(at, actor) } });

describe('the queue-states projection', () => {
  it('given no row, when the queue is paused, then it is paused, with when and by whom', () => {
    expect(evolveQueueState(null, topic, paused(1_000, 'alice'))).toEqual({ admin_topic: topic, queue: 'emails', paused: true, changed_at: new Date(1_000), changed_by: 'alice' });
  });

  it('given a paused queue, when it is resumed, then it runs again, with the resume as its last change', () => {
    const row = evolveQueueState(null, topic, paused(1_000, 'alice'));
    expect(evolveQueueState(row, topic, resumed(2_000, 'bob'))).toEqual({ admin_topic: topic, queue: 'emails', paused: false, changed_at: new Date(2_000), changed_by: 'bob' });
  });

  it('given a paused queue, when it is paused again, then it stays paused and the later pause is its last change', () => {
    const row = evolveQueueState(null, topic, paused(1_000));
    expect(evolveQueueState(row, topic, paused(3_000, 'carol'))).toMatchObject({ paused: true, changed_at: new Date(3_000), changed_by: 'carol' });
  });

  it('given a resume whose clock ran behind, when applied after a pause, then the log order decides: running', () => {
    const row = evolveQueueState(null, topic, paused(5_000));
    expect(evolveQueueState(row, topic, resumed(4_000)).paused).toBe(false);
  });

  it('handles the queue events and nothing else', () => {
    expect(queueStatesReadModel.handles('QueuePaused')).toBe(true);
    expect(queueStatesReadModel.handles('QueueResumed')).toBe(true);
    expect(queueStatesReadModel.handles('JobTypeRegistered')).toBe(false);
  });
});
