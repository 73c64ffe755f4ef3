import type { WorkPriority } from '@conveyor/events';
import { createWeightedPicker } from './weightedPicker';

const picks = (n: number, hasWork: (p: WorkPriority) => boolean = () => true) => {
  const picker = createWeightedPicker();
  return Array.from({ length: n }, () => picker.next(hasWork));
};

describe('weighted picker', () => {
  it('given work at every priority, serves high 6 : normal 3 : low 1 in every window of 10', () => {
    const seq = picks(100);
    for (let i = 0; i < 100; i += 10) {
      const w = seq.slice(i, i + 10);
      expect([w.filter((p) => p === 'high').length, w.filter((p) => p === 'normal').length, w.filter((p) => p === 'low').length]).toEqual([6, 3, 1]);
    }
  });

  it('serves high first, and never lets two picks pass without high while high has work', () => {
    const seq = picks(50);
    expect(seq[0]).toBe('high');
    for (let i = 0; i + 2 < seq.length; i++) expect(seq.slice(i, i + 3)).toContain('high');
  });

  it('still serves low behind a high backlog, and only the priorities with work', () => {
    expect(picks(20, (p) => p !== 'normal').filter((p) => p === 'low').length).toBeGreaterThanOrEqual(2);
    expect(new Set(picks(10, (p) => p === 'low'))).toEqual(new Set(['low']));
    expect(picks(1, () => false)).toEqual([undefined]);
  });

  it('refuses a weight that is not positive', () => {
    expect(() => createWeightedPicker({ high: 1, normal: 0, low: 1 })).toThrow(RangeError);
  });
});
