import { medianBy, spreadOf } from './fixedRunSpread';

describe('fixed-run spread', () => {
  it('gives min, median and max of the measured values', () => {
    expect(spreadOf([3, null, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spreadOf([])).toEqual({ min: null, median: null, max: null });
  });

  it('picks the item of median key, the higher middle with an even count', () => {
    const runs = [{ p50: 9 }, { p50: 3 }, { p50: 5 }];
    expect(medianBy(runs, (r) => r.p50)).toBe(runs[2]);
    expect(medianBy([{ p50: 1 }, { p50: 2 }], (r) => r.p50)).toEqual({ p50: 2 });
    expect(medianBy([], () => 0)).toBeUndefined();
  });
});
