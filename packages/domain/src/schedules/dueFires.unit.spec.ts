import { dueFires, type FiringSchedule } from './dueFires';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const s = (n: number) => t0 + n * 1000;
const everySecond = (over: Partial<FiringSchedule> = {}): FiringSchedule => ({
  cron: '* * * * * *', timeZone: 'UTC', catchUp: 'skip', maxCatchUp: 10, activeSince: t0, ...over,
});
const policy = { graceMs: 1000 };

describe('dueFires', () => {
  it('on time: the fire just due, once', () => {
    expect(dueFires(everySecond(), s(4), s(5) + 120, policy)).toEqual([s(5)]);
    expect(dueFires(everySecond(), s(5), s(5) + 300, policy)).toEqual([]);
  });

  it('a fire exactly at now is due; fires before activeSince never are', () => {
    expect(dueFires(everySecond({ activeSince: s(2) + 500 }), null, s(3), policy)).toEqual([s(3)]);
    expect(dueFires(everySecond({ activeSince: s(3) }), null, s(3), policy)).toEqual([s(3)]);
    expect(dueFires(everySecond({ activeSince: s(3) + 1 }), null, s(3), policy)).toEqual([]);
  });

  it('skip: missed fires (older than the grace) are not fired', () => {
    // Last fire at 1 s, back at 10.2 s: 2…8 s were missed, 10 s and 9.2+ are within the grace.
    expect(dueFires(everySecond({ catchUp: 'skip' }), s(1), s(10) + 200, policy)).toEqual([s(10)]);
  });

  it('latest: the most recent missed fire once, then the on-time ones', () => {
    expect(dueFires(everySecond({ catchUp: 'latest' }), s(1), s(10) + 200, policy)).toEqual([s(9), s(10)]);
  });

  it('all: every missed fire up to maxCatchUp (the most recent ones), ascending', () => {
    expect(dueFires(everySecond({ catchUp: 'all', maxCatchUp: 100 }), s(1), s(10) + 200, policy)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10].map(s));
    expect(dueFires(everySecond({ catchUp: 'all', maxCatchUp: 3 }), s(1), s(10) + 200, policy)).toEqual([s(7), s(8), s(9), s(10)]);
    expect(dueFires(everySecond({ catchUp: 'all', maxCatchUp: 0 }), s(1), s(10) + 200, policy)).toEqual([s(10)]);
  });

  it('a fire recorded once is never due again, whatever the policy', () => {
    for (const catchUp of ['skip', 'latest', 'all'] as const) {
      const fired = dueFires(everySecond({ catchUp }), s(1), s(10) + 200, policy);
      expect(dueFires(everySecond({ catchUp }), Math.max(...fired), s(10) + 400, policy)).toEqual([]);
    }
  });

  it('catch-up of a daily schedule across a DST change keeps wall-clock times', () => {
    const daily: FiringSchedule = { cron: '0 9 * * *', timeZone: 'Europe/Paris', catchUp: 'all', maxCatchUp: 5, activeSince: 0 };
    const fires = dueFires(daily, Date.parse('2025-03-28T08:00:00Z'), Date.parse('2025-04-01T12:00:00Z'), policy);
    // 09:00 CET = 08:00Z until 30 March, 09:00 CEST = 07:00Z after.
    expect(fires.map((t) => new Date(t).toISOString())).toEqual([
      '2025-03-29T08:00:00.000Z', '2025-03-30T07:00:00.000Z', '2025-03-31T07:00:00.000Z', '2025-04-01T07:00:00.000Z',
    ]);
  });
});
