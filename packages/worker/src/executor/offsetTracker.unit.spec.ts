import { createOffsetTracker } from './offsetTracker';

describe('offset tracker', () => {
  it('commits only up to the lowest unfinished offset', () => {
    const t = createOffsetTracker();
    for (const o of [10, 11, 12, 13]) t.received('w', 0, o);
    t.finished('w', 0, 11);
    t.finished('w', 0, 12);
    expect(t.takeCommittable()).toEqual([]);
    t.finished('w', 0, 10);
    expect(t.takeCommittable()).toEqual([{ topic: 'w', partition: 0, offset: '13' }]);
    expect(t.takeCommittable()).toEqual([]);
    t.finished('w', 0, 13);
    expect(t.takeCommittable()).toEqual([{ topic: 'w', partition: 0, offset: '14' }]);
    expect(t.inFlight()).toBe(0);
  });

  it('keeps partitions and topics apart, and tolerates gaps between offsets', () => {
    const t = createOffsetTracker();
    t.received('a', 0, 5);
    t.received('a', 0, 9); // 6-8 were transaction markers or compacted away
    t.received('a', 1, 0);
    t.received('b.x', 0, 3);
    t.finished('a', 0, 5);
    t.finished('a', 0, 9);
    t.finished('b.x', 0, 3);
    expect(t.takeCommittable()).toEqual(expect.arrayContaining([
      { topic: 'a', partition: 0, offset: '10' }, { topic: 'b.x', partition: 0, offset: '4' },
    ]));
    expect(t.inFlight()).toBe(1);
  });

  it('forgets revoked partitions, ignoring their late finishes', () => {
    const t = createOffsetTracker();
    t.received('a', 0, 1);
    t.received('a', 1, 1);
    t.forget((_topic, partition) => partition === 1);
    t.finished('a', 0, 1);
    t.finished('a', 1, 1);
    expect(t.takeCommittable()).toEqual([{ topic: 'a', partition: 1, offset: '2' }]);
  });
});
