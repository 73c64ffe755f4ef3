import { admitLog, decideProgress, initialReportGate, type ReportLimits } from './reportGate';

const limits: ReportLimits = { progressIntervalMs: 1000, logBurst: 3, logsPerSecond: 2, maxLogs: 5 };

describe('decideProgress: progress coalescing', () => {
  it('sends the first report at once, then waits out the interval', () => {
    const first = decideProgress(initialReportGate(0, limits), 10_000, limits);
    expect(first.send).toBe(true);
    const state = first.send ? first.state : initialReportGate(0, limits);
    expect(decideProgress(state, 10_300, limits)).toEqual({ send: false, waitMs: 700 });
    expect(decideProgress(state, 11_000, limits).send).toBe(true);
  });
});

describe('admitLog: log rate limit per attempt', () => {
  const run = (times: number[]) => {
    let state = initialReportGate(0, limits);
    const admitted: boolean[] = [];
    for (const t of times) {
      const r = admitLog(state, t, limits);
      admitted.push(r.admitted);
      state = r.state;
    }
    return { admitted, state };
  };

  it('given a burst, admits the burst and refuses the rest until tokens come back', () => {
    const { admitted, state } = run([0, 0, 0, 0, 0]);
    expect(admitted).toEqual([true, true, true, false, false]);
    expect(state.logsDropped).toBe(2);
  });

  it('given a steady rate under the limit, admits every line, up to the cap per attempt', () => {
    const { admitted, state } = run([0, 500, 1000, 1500, 2000, 2500, 3000]);
    expect(admitted).toEqual([true, true, true, true, true, false, false]);
    expect(state).toMatchObject({ logsSent: 5, logsDropped: 2 });
  });
});
