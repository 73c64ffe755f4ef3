import { ValidationError } from '@conveyor/errors';
import { formatLogPositions, parseLogPositions } from './logPositions';

describe('parseLogPositions', () => {
  it('reads the comma-separated topic:partition:offset entries of a Conveyor-Position token', () => {
    expect(parseLogPositions('t1.conveyor.job-events:3:1234, t1.conveyor.job-events:0:7')).toEqual([
      { topic: 't1.conveyor.job-events', partition: 3, offset: '1234' },
      { topic: 't1.conveyor.job-events', partition: 0, offset: '7' },
    ]);
  });

  it.each(['', 'conveyor.job-events', 'conveyor.job-events:1', 'a b:1:2', 'topic:-1:2', 'topic:1:99999999999999999999'])('refuses %p with a 400 on `after`', (token) => {
    expect(() => parseLogPositions(token)).toThrow(ValidationError);
  });
});

describe('formatLogPositions', () => {
  it('keeps the highest offset per partition, comma-separated', () => {
    expect(formatLogPositions([
      { topic: 't', partition: 1, offset: '9' }, { topic: 't', partition: 1, offset: '10' }, { topic: 't', partition: 0, offset: '3' },
    ])).toBe('t:1:10,t:0:3');
    expect(formatLogPositions([])).toBe('');
  });

  it('reads back what it writes', () => {
    const positions = [{ topic: 'p.conveyor.job-events', partition: 5, offset: '9223372036854775807' }];
    expect(parseLogPositions(formatLogPositions(positions))).toEqual(positions);
  });
});
