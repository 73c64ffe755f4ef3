import type { WorkPriority } from '@conveyor/events';
import { createWorkScheduler } from './createWorkScheduler';

interface Entry {
  priority: WorkPriority;
  partition: number;
}

describe('createWorkScheduler.drop after a rebalance (issue 14, defect 2)', () => {
  it('given a full queue paused its source, when a rebalance drops its entries, then the source is resumed', () => {
    const paused = new Set<WorkPriority>();
    const scheduler = createWorkScheduler<Entry>({
      concurrency: 1,
      capacity: 4,
      // The one slot stays busy, so the queue fills up.
      run: () => new Promise(() => undefined),
      onDone: () => undefined,
      onFull: (p) => paused.add(p),
      onDrained: (p) => paused.delete(p),
    });
    for (let i = 0; i < 5; i++) scheduler.push({ priority: 'normal', partition: i % 2 });
    expect(paused.has('normal')).toBe(true);

    // The partitions these entries came from now belong to another member.
    scheduler.drop(() => true);

    expect(scheduler.queued('normal')).toBe(0);
    expect(paused.has('normal')).toBe(false);
    // And the next fill pauses it again (the full flag was cleared, not stuck).
    for (let i = 0; i < 4; i++) scheduler.push({ priority: 'normal', partition: 0 });
    expect(paused.has('normal')).toBe(true);
  });

  it('keeps the source paused when the drop leaves the queue over half its capacity', () => {
    const paused = new Set<WorkPriority>();
    const scheduler = createWorkScheduler<Entry>({
      concurrency: 1, capacity: 4, run: () => new Promise(() => undefined), onDone: () => undefined,
      onFull: (p) => paused.add(p), onDrained: (p) => paused.delete(p),
    });
    for (let i = 0; i < 6; i++) scheduler.push({ priority: 'high', partition: i === 1 ? 1 : 0 });
    scheduler.drop((e) => e.partition === 1);
    expect(scheduler.queued('high')).toBe(4);
    expect(paused.has('high')).toBe(true);
  });
});
