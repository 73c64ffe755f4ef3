import { medianRun, renderRebuildBench, type RebuildBenchResult } from './rebuildBench';

const phase = (eventsPerSecond: number) => ({ seconds: 1_000_000 / eventsPerSecond, eventsPerSecond });

describe('the rebuild bench', () => {
  it('judges the run of the median rate, the upper middle of an even count', () => {
    expect(medianRun([phase(30_000), phase(20_000), phase(25_000)]).eventsPerSecond).toBe(25_000);
    expect(medianRun([phase(30_000), phase(20_000)]).eventsPerSecond).toBe(30_000);
    expect(() => medianRun([])).toThrow('no runs');
  });

  it('reports every run with its own ratio beside the ratio of the medians', () => {
    const rebuild = (r: number) => ({ ...phase(r), loadSeconds: 30, indexSeconds: 3, applied: 1_000_000 });
    const ceiling = (r: number) => ({ ...phase(r), copySeconds: 20, indexSeconds: 3, rows: 1_250_440, rowsPerSecond: r * 1.25, method: 'COPY' });
    const result: RebuildBenchResult = {
      date: '2026-12-05T00:00:00.000Z', events: 1_000_000, partitions: 6, loadAverage: { start: 1, end: 2 }, generate: phase(29_000),
      rebuild: rebuild(30_000), copyCeiling: ceiling(40_000), insert: { ...phase(35_000), method: 'INSERT' }, ratio: 0.75,
      runs: [{ rebuild: rebuild(30_000), copyCeiling: ceiling(45_000) }, { rebuild: rebuild(28_000), copyCeiling: ceiling(40_000) }, { rebuild: rebuild(31_000), copyCeiling: ceiling(31_000) }],
    };
    const md = renderRebuildBench(result);
    expect(md).toContain('Rebuild / COPY ceiling: **0.75** (events/s, the median of each over 3 runs');
    expect(md).toContain('| 1 | 30,000 | 45,000 | 0.67 |');
    expect(md).toContain('| 3 | 31,000 | 31,000 | 1.00 |');
  });
});
