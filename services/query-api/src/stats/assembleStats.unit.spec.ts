import { latencyHistogram } from '@conveyor/domain';
import type { JobStatsBucket } from '@conveyor/read-model';
import { assembleStats, attemptsCounts } from './assembleStats';
import { bucketOf, statsRange } from './statsWindow';

const { emptyHistogram, record } = latencyHistogram;
const hist = (...values: number[]) => values.reduce(record, emptyHistogram());
const now = Date.parse('2026-01-01T12:34:56Z');

const row = (t: string, type: string, o: Partial<JobStatsBucket> = {}): JobStatsBucket => ({
  t: Date.parse(t), type, submitted: 0, started: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0,
  durationHist: emptyHistogram(), queueWaitHist: emptyHistogram(), attemptsHist: new Array(10).fill(0), ...o,
});

describe('stats windows', () => {
  it.each([
    ['15m', 60, 15, '2026-01-01T12:20:00.000Z', '2026-01-01T12:35:00.000Z'],
    ['1h', 60, 60, '2026-01-01T11:35:00.000Z', '2026-01-01T12:35:00.000Z'],
    ['6h', 300, 72, '2026-01-01T06:35:00.000Z', '2026-01-01T12:35:00.000Z'],
    ['24h', 900, 96, '2025-12-31T12:45:00.000Z', '2026-01-01T12:45:00.000Z'],
    ['7d', 3600, 168, '2025-12-25T13:00:00.000Z', '2026-01-01T13:00:00.000Z'],
  ] as const)('%s: buckets of %i s, %i of them, ending with the bucket in progress', (window, bucketSeconds, n, from, to) => {
    const range = statsRange(window, now);
    expect(range).toMatchObject({ bucketSeconds, from: Date.parse(from), to: Date.parse(to) });
    expect(range.buckets).toHaveLength(n);
    expect(range.buckets[0]).toBe(range.from);
  });

  it('puts a minute in its bucket', () => {
    expect(new Date(bucketOf(Date.parse('2026-01-01T12:14:00Z'), 900)).toISOString()).toBe('2026-01-01T12:00:00.000Z');
  });
});

describe('assembleStats', () => {
  const range = statsRange('15m', now);

  it('sums totals, merges histograms per type for percentiles, and fills a dense series', () => {
    const rows = [
      row('2026-01-01T12:30:00Z', 'a', { submitted: 10, succeeded: 8, failed: 1, retried: 2, durationHist: hist(...Array(90).fill(10)), queueWaitHist: hist(5), attemptsHist: [7, 2, 0, 0, 0, 0, 0, 0, 0, 0] }),
      row('2026-01-01T12:31:00Z', 'a', { submitted: 2, succeeded: 1, failed: 0, durationHist: hist(...Array(10).fill(1000)), attemptsHist: [0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }),
      row('2026-01-01T12:31:00Z', 'b', { submitted: 1, cancelled: 1, dead: 1 }),
    ];
    const stats = assembleStats(rows, range);
    expect(stats).toMatchObject({ from: '2026-01-01T12:20:00.000Z', to: '2026-01-01T12:35:00.000Z', bucketSeconds: 60 });
    expect(stats.totals).toEqual({ submitted: 13, succeeded: 9, failed: 1, retried: 2, cancelled: 1, dead: 1, successRate: 0.9, throughputPerSec: 10 / 900 });
    const a = stats.byType.find((t) => t.type === 'a')!;
    // 90 samples of 10 ms and 10 of 1000 ms: p50 near 10, p95 and p99 near 1000 (bucket upper bounds).
    expect(a.durationMs.p50).toBeGreaterThanOrEqual(10);
    expect(a.durationMs.p50).toBeLessThanOrEqual(12);
    expect(a.durationMs.p95).toBeGreaterThanOrEqual(1000);
    expect(a.durationMs.p99).toBeLessThanOrEqual(1200);
    expect(a.queueWaitMs.p50).toBeGreaterThanOrEqual(5);
    expect(a.attempts).toEqual({ 1: 7, 2: 2, '10+': 1 });
    expect(a.successRate).toBeCloseTo(9 / 10);
    const b = stats.byType.find((t) => t.type === 'b')!;
    expect(b).toMatchObject({ successRate: null, durationMs: { p50: null, p95: null, p99: null }, attempts: {} });
    expect(stats.series).toHaveLength(15 * 2);
    expect(stats.series.filter((s) => s.submitted > 0).map((s) => [s.t, s.type, s.submitted])).toEqual([
      ['2026-01-01T12:30:00.000Z', 'a', 10], ['2026-01-01T12:31:00.000Z', 'a', 2], ['2026-01-01T12:31:00.000Z', 'b', 1],
    ]);
  });

  it('answers zeros and nulls for an empty window', () => {
    expect(assembleStats([], range)).toMatchObject({ totals: { submitted: 0, successRate: null, throughputPerSec: 0 }, byType: [], series: [] });
  });

  it('labels attempts 1..9 and 10+', () => {
    expect(attemptsCounts([1, 0, 0, 0, 0, 0, 0, 0, 3, 4])).toEqual({ 1: 1, 9: 3, '10+': 4 });
  });
});
