import { spreadOf } from './fixedRunSpread';

describe('fixed-run spread', () => {
  it('gives min, median and max of the measured values', () => {
    expect(spreadOf([3, null, 1, 2])).toEqual({ min: 1, median: 2, max: 3 });
    expect(spreadOf([])).toEqual({ min: null, median: null, max: null });
  });
});
