import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('is constant for fixed backoff', () => {
    expect(backoffDelay({ kind: 'fixed', delayMs: 250, maxDelayMs: 1000 }, 5, 0.9)).toBe(250);
  });
  it('doubles per attempt with jitter in the upper half, capped', () => {
    const b = { kind: 'exponential' as const, delayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(b, 1, 0)).toBe(50);
    expect(backoffDelay(b, 1, 0.999)).toBe(100);
    expect(backoffDelay(b, 3, 0)).toBe(200);
    expect(backoffDelay(b, 3, 0.999)).toBe(400);
    expect(backoffDelay(b, 10, 0.999)).toBe(1000);
  });
});
