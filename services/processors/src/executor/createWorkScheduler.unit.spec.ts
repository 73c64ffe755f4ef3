import type { WorkPriority } from '@conveyor/events';
import { createWorkScheduler } from './createWorkScheduler';

type E = { priority: WorkPriority; id: string };

describe('work scheduler', () => {
  it('runs at most `concurrency` at once, high before a low backlog, and pauses/resumes full queues', async () => {
    const order: string[] = [];
    const releases: Array<() => void> = [];
    const events: string[] = [];
    const s = createWorkScheduler<E>({
      concurrency: 1, capacity: 4,
      run: (e) => new Promise<void>((r) => { order.push(e.id); releases.push(r); }),
      onDone: () => undefined,
      onFull: (p) => events.push(`full:${p}`),
      onDrained: (p) => events.push(`drained:${p}`),
    });
    for (let i = 0; i < 5; i++) s.push({ priority: 'low', id: `l${i}` });
    s.push({ priority: 'high', id: 'h0' });
    expect(events).toEqual(['full:low']);
    expect(s.running).toBe(1);
    const step = async () => { releases.shift()?.(); await new Promise((r) => setImmediate(r)); };
    await step();
    expect(order).toEqual(['l0', 'h0']);
    await step();
    await step();
    expect(events).toEqual(['full:low', 'drained:low']);
    while (releases.length) await step();
    expect(order).toHaveLength(6);
    await s.close();
  });
});
