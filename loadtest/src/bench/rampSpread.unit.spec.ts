import { heldRate, medianRamp, renderRampSpread, type RampRun } from './rampSpread';

/** A ramp that held `held` of `rates` (in order) and broke at the next one, if any. */
const ramp = (rates: number[], held: number): RampRun => ({
  ramp: {
    steps: rates.map((rate, i) => ({ rate, decision: i < held ? { sustainable: true as const } : { sustainable: false as const, reasons: ['p99 end-to-end 900 ms > 500 ms'] } })),
    sustainableRate: held ? (rates[held - 1] as number) : null,
  },
});
const rates = [100, 150, 225, 338, 506];

describe('ramp spread', () => {
  it('counts a ramp that held no step as 0 and a run without a ramp as null', () => {
    expect(heldRate(ramp(rates, 0))).toBe(0);
    expect(heldRate(ramp(rates, 4))).toBe(338);
    expect(heldRate({ ramp: null })).toBeNull();
    expect(heldRate(undefined)).toBeNull();
  });

  it('takes the ramp of median held rate, runs without a ramp left out', () => {
    const runs = [ramp(rates, 4), ramp(rates, 0), ramp(rates, 5), { ramp: null }];
    expect(medianRamp(runs)).toBe(runs[0]);
    expect(medianRamp([ramp(rates, 1), ramp(rates, 3)])?.ramp?.sustainableRate).toBe(225);
    expect(medianRamp([])).toBeUndefined();
  });

  it('renders each run with where it broke, the median with its range, and the ratio of medians', () => {
    const text = renderRampSpread([
      { name: 'conveyor', runs: [ramp(rates, 4), ramp(rates, 0), ramp(rates, 3)] },
      { name: 'bullmq', runs: [ramp([...rates, 759], 6), ramp(rates, 5), ramp([...rates, 759], 5)] },
    ]);
    expect(text).toContain('| conveyor | 338 (broke at 506/s); 0 (broke at 100/s); 225 (broke at 338/s) | 225 (0–338) | – |');
    expect(text).toContain('| bullmq | 759 (held every step); 506 (held every step); 506 (broke at 759/s) | 506 (506–759) | 0.44× |');
  });

  it('renders nothing without a ramp', () => {
    expect(renderRampSpread([{ name: 'conveyor', runs: [{ ramp: null }] }])).toBe('');
  });
});
