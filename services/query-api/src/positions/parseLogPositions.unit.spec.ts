import { ValidationError } from '@conveyor/errors';
import { parseLogPositions } from './parseLogPositions';

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
