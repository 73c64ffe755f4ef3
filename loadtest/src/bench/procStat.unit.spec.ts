import { parseProcReading, parseStatCpuTicks, summariseUsage, type GroupSample } from './procStat';

const status = (rssKb: number, anonKb: number) => `Name:\tnode\nVmPeak:\t  999999 kB\nVmRSS:\t  ${rssKb} kB\nRssAnon:\t  ${anonKb} kB\nRssFile:\t  10 kB\n`;
const stat = (comm: string, utime: number, stime: number) => `4242 (${comm}) S 1 4242 4242 0 -1 4194560 5 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 100 1000 200 18446744073709551615`;
const sample = (at: number, readings: Array<[number, number, number]>): GroupSample => ({
  at, byPid: new Map(readings.map(([pid, rssMb, ticks]) => [pid, { rssBytes: rssMb * 1024 * 1024, anonBytes: (rssMb / 2) * 1024 * 1024, cpuTicks: ticks }])),
});

describe('/proc parsing', () => {
  it('reads utime + stime after the command name, even when the name holds spaces and parentheses', () => {
    expect(parseStatCpuTicks(stat('node', 120, 30))).toBe(150);
    expect(parseStatCpuTicks(stat('a (b) c', 7, 3))).toBe(10);
  });

  it('gives null for text that is not a stat line', () => {
    expect(parseStatCpuTicks('')).toBeNull();
    expect(parseStatCpuTicks('12 (x) S 1')).toBeNull();
  });

  it('reads VmRSS and RssAnon in bytes, and CPU ticks', () => {
    expect(parseProcReading(status(2048, 1024), stat('node', 5, 5))).toEqual({ rssBytes: 2048 * 1024, anonBytes: 1024 * 1024, cpuTicks: 10 });
  });

  it('gives null for a process that is gone (empty files) or a kernel thread without VmRSS', () => {
    expect(parseProcReading('', '')).toBeNull();
    expect(parseProcReading('Name:\tkthreadd\n', stat('kthreadd', 0, 0))).toBeNull();
  });
});

describe('summariseUsage', () => {
  it('gives peak and median RSS in MB and CPU in % of one core over the sampled time', () => {
    const u = summariseUsage({ name: 'svc', covers: 'x', ticksPerSecond: 100, samples: [sample(0, [[1, 100, 0]]), sample(1000, [[1, 150, 50]]), sample(2000, [[1, 120, 100]])] });
    expect(u).toEqual({ name: 'svc', covers: 'x', rssPeakMb: 150, rssMedianMb: 120, cpuPercent: 50, samples: 3 });
  });

  it('sums a group over its pids, counting each pid for the CPU it used while it was seen', () => {
    const u = summariseUsage({ name: 'pg', covers: 'x', ticksPerSecond: 100, memory: 'anon', samples: [
      sample(0, [[1, 20, 0], [2, 20, 500]]), sample(1000, [[1, 20, 40], [2, 20, 520], [3, 40, 0]]), sample(2000, [[1, 20, 100], [3, 40, 60]]),
    ] });
    // CPU: pid 1 100 + pid 2 20 + pid 3 60 = 180 ticks over 2 s = 90 %; memory: halves (anon) of 40, 80, 60.
    expect(u.cpuPercent).toBeCloseTo(90);
    expect(u.rssPeakMb).toBe(40);
    expect(u.rssMedianMb).toBe(30);
  });

  it('has no figures without samples, and no CPU share from a single sample', () => {
    expect(summariseUsage({ name: 'gone', covers: 'x', ticksPerSecond: 100, samples: [] })).toMatchObject({ rssPeakMb: null, rssMedianMb: null, cpuPercent: null, samples: 0 });
    expect(summariseUsage({ name: 'one', covers: 'x', ticksPerSecond: 100, samples: [sample(0, [[1, 10, 5]])] })).toMatchObject({ rssPeakMb: 10, cpuPercent: null });
  });
});
