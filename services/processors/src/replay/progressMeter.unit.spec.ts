import { createProgressMeter } from './progressMeter';

describe('createProgressMeter', () => {
  it('derives the rate over the last seconds and the ETA of what is left', () => {
    let now = 0;
    const meter = createProgressMeter({ now: () => now });
    meter.setPhase('rebuild', 1000);
    meter.snapshot();
    now = 2000;
    meter.add(400);
    expect(meter.snapshot()).toEqual({ phase: 'rebuild', done: 400, total: 1000, rate: 200, etaSeconds: 3, lag: 600 });
  });
});
