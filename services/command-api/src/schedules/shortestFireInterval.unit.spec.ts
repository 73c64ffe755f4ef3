import { shortestFireInterval } from './shortestFireInterval';

const from = Date.parse('2026-12-03T00:00:00Z');

describe('shortestFireInterval', () => {
  it('is a minute for any 5-field expression', () => {
    expect(shortestFireInterval('* * * * *', 'UTC', from)).toBe(60_000);
    expect(shortestFireInterval('0 3 * * *', 'Europe/Paris', from)).toBe(60_000);
  });

  it('finds every second in a 6-field expression', () => {
    expect(shortestFireInterval('* * * * * *', 'UTC', from)).toBe(1_000);
    expect(shortestFireInterval('*/15 * * * * *', 'UTC', from)).toBe(15_000);
  });

  it('finds the shortest gap of an uneven list of seconds', () => {
    expect(shortestFireInterval('0,2,30 * * * * *', 'UTC', from)).toBe(2_000);
  });
});
