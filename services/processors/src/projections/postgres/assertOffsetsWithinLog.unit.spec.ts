import { offsetsBeyondLog } from './assertOffsetsWithinLog';

describe('offsetsBeyondLog', () => {
  const ends = new Map([['t/0', 10n], ['t/1', 0n]]);

  it('accepts offsets at or below the end of the log', () => {
    expect(offsetsBeyondLog([{ projection: 'jobs', topic: 't', partition: 0, nextOffset: 10n }, { projection: 'jobs', topic: 't', partition: 1, nextOffset: 0n }], ends)).toEqual([]);
  });

  it('names every offset the log cannot have produced (a wiped or different cluster)', () => {
    expect(offsetsBeyondLog([
      { projection: 'jobs', topic: 't', partition: 0, nextOffset: 18_177n },
      { projection: 'jobs', topic: 't', partition: 1, nextOffset: 3n },
      { projection: 'jobs', topic: 't', partition: 2, nextOffset: 1n },
    ], ends)).toEqual([
      { projection: 'jobs', topic: 't', partition: 0, nextOffset: 18_177n, logEnd: 10n },
      { projection: 'jobs', topic: 't', partition: 1, nextOffset: 3n, logEnd: 0n },
      { projection: 'jobs', topic: 't', partition: 2, nextOffset: 1n, logEnd: 0n },
    ]);
  });
});
