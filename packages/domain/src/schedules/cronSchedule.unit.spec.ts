import { cronProblem, isTimeZone, nextFireTimes, previousFireTimes } from './cronSchedule';

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);

describe('cron expressions', () => {
  it('accepts 5 fields, or 6 with seconds first', () => {
    expect(cronProblem('*/5 * * * *')).toBeNull();
    expect(cronProblem('0 9 * * 1-5')).toBeNull();
    expect(cronProblem('*/10 * * * * *')).toBeNull();
  });

  it('refuses other field counts, macros, out-of-range values and dates that never come', () => {
    expect(cronProblem('* * * *')).toMatch(/5 fields/);
    expect(cronProblem('* * * * * * *')).toMatch(/got 7/);
    expect(cronProblem('@hourly')).toMatch(/got 1/);
    expect(cronProblem('61 * * * *')).toMatch(/0-59/);
    expect(cronProblem('0 0 31 2 *')).not.toBeNull();
    expect(cronProblem('')).not.toBeNull();
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('nextFireTimes', () => {
  it('is strictly after the given instant and ascending', () => {
    expect(iso(nextFireTimes('* * * * * *', 'UTC', at('2025-01-01T00:00:01Z'), 3))).toEqual([
      '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:03.000Z', '2025-01-01T00:00:04.000Z',
    ]);
  });

  it('reads the expression in the time zone (09:00 Paris is 07:00 UTC in summer)', () => {
    expect(iso(nextFireTimes('0 9 * * 1-5', 'Europe/Paris', at('2025-06-06T12:00:00Z'), 2))).toEqual([
      '2025-06-09T07:00:00.000Z', '2025-06-10T07:00:00.000Z',
    ]);
  });

  it('spring forward: a wall time that does not exist fires once that day, an hour later', () => {
    // 2025-03-09 02:30 does not exist in New York (02:00 EST → 03:00 EDT).
    expect(iso(nextFireTimes('30 2 * * *', 'America/New_York', at('2025-03-08T12:00:00Z'), 3))).toEqual([
      '2025-03-09T07:30:00.000Z', '2025-03-10T06:30:00.000Z', '2025-03-11T06:30:00.000Z',
    ]);
  });

  it('fall back: a wall time that happens twice fires once', () => {
    // 2025-11-02 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso(nextFireTimes('30 1 * * *', 'America/New_York', at('2025-11-01T12:00:00Z'), 2))).toEqual([
      '2025-11-02T05:30:00.000Z', '2025-11-03T06:30:00.000Z',
    ]);
  });

  it('an hourly schedule fires every real hour across both DST changes', () => {
    const hours = (from: string) => nextFireTimes('0 * * * *', 'America/New_York', at(from), 4);
    for (const fires of [hours('2025-11-02T04:30:00Z'), hours('2025-03-09T05:30:00Z')]) {
      expect(fires.slice(1).map((t, i) => t - (fires[i] as number))).toEqual([3_600_000, 3_600_000, 3_600_000]);
    }
  });
});

describe('previousFireTimes', () => {
  it('walks back from an instant (inclusive) while accepted, newest first', () => {
    const fires = previousFireTimes('* * * * * *', 'UTC', at('2025-01-01T00:00:03Z'), (t) => t > at('2025-01-01T00:00:00Z'));
    expect(iso(fires)).toEqual(['2025-01-01T00:00:03.000Z', '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:01.000Z']);
  });

  it('stops at the limit', () => {
    expect(previousFireTimes('* * * * * *', 'UTC', at('2025-01-01T00:00:03Z'), () => true, 2)).toHaveLength(2);
  });
});
