import { createArrivalSchedule, rampPhases } from './arrivalSchedule';
import { parsePriorityMix, priorityAt } from './priorityMix';

describe('createArrivalSchedule', () => {
  it('given 100/s for 3 s, then spaces 300 arrivals 10 ms apart from 0', () => {
    const s = createArrivalSchedule([{ rate: 100, durationMs: 3000 }]);
    expect(s.total).toBe(300);
    expect(s.at(0).atMs).toBe(0);
    expect(s.at(1).atMs).toBeCloseTo(10);
    expect(s.at(299).atMs).toBeCloseTo(2990);
  });

  it('given two phases, then the second starts at its offset with its own spacing', () => {
    const s = createArrivalSchedule([{ rate: 10, durationMs: 1000 }, { rate: 20, durationMs: 1000 }]);
    expect(s.total).toBe(30);
    expect(s.phaseStarts).toEqual([0, 10, 30]);
    expect(s.at(10)).toEqual({ index: 10, phase: 1, atMs: 1000 });
    expect(s.at(11).atMs).toBeCloseTo(1050);
    expect(s.durationMs).toBe(2000);
  });

  it('counts the arrivals due by a time, whatever happened before (open model)', () => {
    const s = createArrivalSchedule([{ rate: 10, durationMs: 1000 }, { rate: 20, durationMs: 1000 }]);
    expect(s.dueBy(-1)).toBe(0);
    expect(s.dueBy(0)).toBe(1);
    expect(s.dueBy(99)).toBe(1);
    expect(s.dueBy(100)).toBe(2);
    expect(s.dueBy(999)).toBe(10);
    expect(s.dueBy(1000)).toBe(11);
    expect(s.dueBy(1049)).toBe(11);
    expect(s.dueBy(1050)).toBe(12);
    expect(s.dueBy(10_000)).toBe(30);
    for (let i = 0; i < s.total; i++) expect(s.dueBy(s.at(i).atMs)).toBeGreaterThanOrEqual(i + 1);
  });

  it('given a fractional rate, then rounds the count down', () => {
    expect(createArrivalSchedule([{ rate: 2.5, durationMs: 1000 }]).total).toBe(2);
  });

  it('refuses empty or non-positive phases and out-of-range indexes', () => {
    expect(() => createArrivalSchedule([])).toThrow(/at least one phase/);
    expect(() => createArrivalSchedule([{ rate: 0, durationMs: 1000 }])).toThrow(/rate/);
    expect(() => createArrivalSchedule([{ rate: 1, durationMs: 1000 }]).at(1)).toThrow(RangeError);
  });
});

describe('rampPhases', () => {
  it('multiplies the rate each step and stops at the cap', () => {
    expect(rampPhases({ startRate: 100, factor: 1.5, stepMs: 10_000, steps: 10, maxRate: 400 }).map((p) => p.rate)).toEqual([100, 150, 225, 338, 400]);
  });
});

describe('priorityAt', () => {
  it('follows the mix over any window of jobs', () => {
    const mix = parsePriorityMix('high=1,normal=8,low=1');
    const counts = { high: 0, normal: 0, low: 0 };
    for (let i = 0; i < 1000; i++) counts[priorityAt(mix, i)] += 1;
    expect(counts.high).toBeGreaterThan(90);
    expect(counts.high).toBeLessThan(110);
    expect(counts.low).toBeGreaterThan(90);
    expect(counts.low).toBeLessThan(110);
  });

  it('never picks a priority of weight 0', () => {
    const mix = parsePriorityMix('normal=1');
    for (let i = 0; i < 100; i++) expect(priorityAt(mix, i)).toBe('normal');
  });

  it('refuses malformed mixes', () => {
    expect(() => parsePriorityMix('urgent=1')).toThrow(/priority=weight/);
    expect(() => parsePriorityMix('high=0')).toThrow(/above 0/);
  });
});
