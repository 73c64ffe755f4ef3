import type { FeedListener } from '../stream/jobChangeFeed';
import { createPositionWaiter, PositionNotReachedError } from './createPositionWaiter';

/** A projection_offsets stand-in: `behind` positions not passed yet; a feed whose notifications the test sends. */
function harness() {
  const state = { behind: 1, queries: 0 };
  const listeners = new Set<FeedListener>();
  const pool = { query: async () => (state.queries++, { rows: [{ behind: state.behind }] }) } as never;
  const feed = { subscribe: (l: FeedListener) => (listeners.add(l), () => listeners.delete(l)) };
  const notify = () => listeners.forEach((l) => l({ id: 1, change: { jobId: 'j', type: 't', status: 'queued', eventType: 'JobSubmitted', attempts: 0, occurredAt: '' } }));
  return { state, pool, feed, notify, listeners };
}

const position = [{ topic: 'conveyor.job-events', partition: 0, offset: '7' }];

describe('createPositionWaiter', () => {
  it('answers as soon as a change notification finds the projection past the positions', async () => {
    const h = harness();
    const waiter = createPositionWaiter({ pool: h.pool, feed: h.feed, maxWaitMs: 5000, pollMs: 10_000 });
    const started = performance.now();
    const waiting = waiter.waitFor(position, 'jobs');
    await new Promise((r) => setTimeout(r, 20));
    h.state.behind = 0;
    h.notify();
    await waiting;
    expect(performance.now() - started).toBeLessThan(1000);
    expect(h.listeners.size).toBe(0);
  });

  it('polls without notifications, and gives up after the bound with PositionNotReachedError', async () => {
    const h = harness();
    const waiter = createPositionWaiter({ pool: h.pool, feed: h.feed, maxWaitMs: 120, pollMs: 20 });
    await expect(waiter.waitFor(position, 'jobs')).rejects.toBeInstanceOf(PositionNotReachedError);
    expect(h.state.queries).toBeGreaterThan(2);
    expect(h.listeners.size).toBe(0);
  });

  it('does not read anything without positions', async () => {
    const h = harness();
    await createPositionWaiter({ pool: h.pool, maxWaitMs: 100 }).waitFor([], 'jobs');
    expect(h.state.queries).toBe(0);
  });
});
