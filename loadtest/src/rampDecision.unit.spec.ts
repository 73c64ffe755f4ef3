import { decideRampStep, highestSustainableRate, type RampStepStats } from './rampDecision';

const healthy: RampStepStats = { rate: 100, scheduled: 1000, accepted: 1000, errors: 0, completedInWindow: 990, durationMs: 10_000, p99E2eMs: 40, backlog: 12 };

describe('decideRampStep', () => {
  it('given a step within every limit, then it is sustainable', () => {
    expect(decideRampStep(healthy)).toEqual({ sustainable: true });
  });

  it.each<[string, Partial<RampStepStats>, RegExp]>([
    ['errors', { errors: 20 }, /error rate 2.00%/],
    ['latency', { p99E2eMs: 1500 }, /p99 end-to-end 1500 ms/],
    ['nothing completed', { p99E2eMs: null, completedInWindow: 0 }, /no job completed/],
    ['completions behind', { completedInWindow: 800 }, /completions 80\/s/],
    ['backlog', { backlog: 500 }, /backlog 500 jobs/],
  ])('given %s past the limit, then it is not', (_name, change, reason) => {
    const d = decideRampStep({ ...healthy, ...change });
    expect(d.sustainable).toBe(false);
    expect(d.sustainable ? [] : d.reasons.join('; ')).toMatch(reason);
  });
});

describe('highestSustainableRate', () => {
  it('is the last rate held before the first failing step', () => {
    expect(highestSustainableRate([
      { rate: 100, decision: { sustainable: true } },
      { rate: 150, decision: { sustainable: true } },
      { rate: 225, decision: { sustainable: false, reasons: ['x'] } },
      { rate: 338, decision: { sustainable: true } },
    ])).toBe(150);
    expect(highestSustainableRate([{ rate: 100, decision: { sustainable: false, reasons: ['x'] } }])).toBeNull();
  });
});
