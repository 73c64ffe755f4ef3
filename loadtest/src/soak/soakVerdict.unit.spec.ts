import { defaultSoakThresholds, lastHalf, slope, soakVerdict, type ProcessSample, type SoakObservations } from './soakVerdict';

const MiB = 2 ** 20;
/** Samples every 10 s for 10 min, RSS from `rss(t)` in MiB. */
const series = (rss: (t: number) => number, eventLoopP99Ms = 5): ProcessSample[] =>
  Array.from({ length: 61 }, (_, i) => ({ t: i * 10, rssBytes: rss(i * 10) * MiB, heapUsedBytes: 40 * MiB, eventLoopP99Ms }));
const healthy = (over: Partial<SoakObservations> = {}): SoakObservations => ({
  services: { processors: series(() => 150), 'command-api': series(() => 90) },
  lag: Array.from({ length: 61 }, (_, i) => [i * 10, 20 + (i % 3) * 10] as const),
  failedRequests: 0, unsettled: 0, exited: [], ...over,
});

describe('slope', () => {
  it('is the least-squares slope, 0 for fewer than two distinct x', () => {
    expect(slope([[0, 1], [1, 3], [2, 5]])).toBeCloseTo(2);
    expect(slope([[0, 5]])).toBe(0);
    expect(slope([[1, 5], [1, 6]])).toBe(0);
  });
});

describe('lastHalf', () => {
  it('keeps the samples at or after the midpoint of the time span', () => {
    expect(lastHalf([{ t: 0 }, { t: 4 }, { t: 5 }, { t: 10 }]).map((s) => s.t)).toEqual([5, 10]);
    expect(lastHalf([])).toEqual([]);
  });
});

describe('soakVerdict', () => {
  it('passes flat memory, bounded lag and no errors', () => {
    const v = soakVerdict(healthy());
    expect(v.problems).toEqual([]);
    expect(v.passed).toBe(true);
    expect(v.services.map((s) => s.rssSlopeLastHalfMiBPerMin)).toEqual([0, 0]);
  });

  it('passes warm-up growth in the first half that levels off', () => {
    const v = soakVerdict(healthy({ services: { processors: series((t) => (t < 300 ? 100 + t / 3 : 200)) } }));
    expect(v.passed).toBe(true);
    expect(v.services[0]!.rssMaxMiB).toBe(200);
  });

  it('fails RSS that keeps growing over the last half beyond the threshold, naming the service', () => {
    const v = soakVerdict(healthy({ services: { processors: series(() => 150), 'query-api': series((t) => 80 + (t / 60) * 3) } }));
    expect(v.passed).toBe(false);
    expect(v.services.find((s) => s.name === 'query-api')!.rssSlopeLastHalfMiBPerMin).toBeCloseTo(3);
    expect(v.problems).toEqual([expect.stringMatching(/^query-api: RSS grows 3 MiB\/min .*a leak$/)]);
  });

  it('judges by the memory retained after garbage collection: a saw-tooth RSS over a flat floor passes with a warning', () => {
    // RSS climbs 60 MiB between collections every 100 s and falls back; the run ends near a peak.
    const sawTooth = series((t) => 150 + ((t % 100) / 100) * 60).map((s) => ({ ...s, retainedAfterGcBytes: 48 * MiB }));
    const v = soakVerdict(healthy({ services: { processors: sawTooth.slice(0, 60) } }));
    expect(v.services[0]!.rssSlopeLastHalfMiBPerMin).toBeGreaterThan(1);
    expect(v.services[0]!.retainedSlopeLastHalfMiBPerMin).toBe(0);
    expect(v.services[0]!.retainedEndMiB).toBe(48);
    expect(v.passed).toBe(true);
    expect(v.warnings).toEqual([expect.stringMatching(/^processors: RSS rose .* the collector's rhythm, not a leak$/)]);
  });

  it('fails memory retained after garbage collection that keeps growing over the last half, whatever RSS does', () => {
    const leaking = series(() => 150).map((s) => ({ ...s, retainedAfterGcBytes: (40 + (s.t / 60) * 2) * MiB }));
    const v = soakVerdict(healthy({ services: { processors: leaking } }));
    expect(v.passed).toBe(false);
    expect(v.services[0]!.retainedSlopeLastHalfMiBPerMin).toBeCloseTo(2);
    expect(v.problems).toEqual([expect.stringMatching(/^processors: memory retained after garbage collection grows 2 MiB\/min .*a leak$/)]);
  });

  it('fails a lag that grows over the last half and ends above the floor, not one that stays small', () => {
    const growing = soakVerdict(healthy({ lag: Array.from({ length: 61 }, (_, i) => [i * 10, i * 100] as const) }));
    expect(growing.passed).toBe(false);
    expect(growing.lagSlopeLastHalfPerMin).toBeCloseTo(600);
    expect(growing.problems[0]).toMatch(/consumer lag grows/);
    const small = soakVerdict(healthy({ lag: Array.from({ length: 61 }, (_, i) => [i * 10, i * 2] as const) }), { ...defaultSoakThresholds, lagSlopePerMin: 1 });
    expect(small.passed).toBe(true);
  });

  it('fails on failed requests, unsettled jobs, an exited service and too few samples', () => {
    const v = soakVerdict(healthy({ failedRequests: 3, unsettled: 2, exited: ['processors'], services: { processors: series(() => 1).slice(0, 2) } }));
    expect(v.problems).toEqual([
      'processors: only 2 samples, too few to judge',
      '3 submissions were not accepted',
      '2 accepted jobs had not finished after the drain',
      'processors exited during the run',
    ]);
  });

  it('warns, without failing, on an event-loop delay above the threshold in the last half', () => {
    const v = soakVerdict(healthy({ services: { processors: series(() => 150, 900) } }));
    expect(v.passed).toBe(true);
    expect(v.warnings).toEqual(['processors: event-loop delay p99 reached 900 ms in the last half']);
  });
});
