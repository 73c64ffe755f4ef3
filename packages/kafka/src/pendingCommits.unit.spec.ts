import { createPendingCommits } from './pendingCommits';

describe('createPendingCommits', () => {
  it('keeps the highest next offset per partition and hands it out once', () => {
    const p = createPendingCommits();
    p.handled('t', 0, '5');
    p.handled('t', 0, '12');
    p.handled('t', 0, '9');
    p.handled('t', 1, '3');
    p.handled('u', 0, '7');
    expect(p.take()).toEqual([
      { topic: 't', partition: 0, offset: '12' },
      { topic: 't', partition: 1, offset: '3' },
      { topic: 'u', partition: 0, offset: '7' },
    ]);
    expect(p.take()).toEqual([]);
    expect(p.size).toBe(0);
  });

  it('compares offsets as integers, not strings', () => {
    const p = createPendingCommits();
    p.handled('t', 0, '99');
    p.handled('t', 0, '100');
    expect(p.take()).toEqual([{ topic: 't', partition: 0, offset: '100' }]);
  });

  it('drops what was pending at a group join and commits only partitions the member owns', () => {
    const p = createPendingCommits();
    p.handled('t', 0, '10');
    p.assigned([{ topic: 't', partition: 1 }]);
    expect(p.size).toBe(0);
    // A batch of the old generation that finished after the join: its partition moved, not committed here.
    p.handled('t', 0, '11');
    p.handled('t', 1, '4');
    expect(p.take()).toEqual([{ topic: 't', partition: 1, offset: '4' }]);
  });
});
