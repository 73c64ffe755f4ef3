import { evaluateThresholds, parseThreshold } from './thresholds';

describe('parseThreshold', () => {
  it.each([
    ['p99<100ms', 'e2e.p99', '<', 100],
    ['http.p99.9 <= 50ms', 'http.p99.9', '<=', 50],
    ['visible.max<2s', 'visible.max', '<', 2000],
    ['e2e.p50<500us', 'e2e.p50', '<', 0.5],
    ['e2e.p90<250', 'e2e.p90', '<', 250],
    ['error_rate<1%', 'error_rate', '<', 0.01],
    ['error_rate<0.05', 'error_rate', '<', 0.05],
    ['completed_rate>=500/s', 'completed_rate', '>=', 500],
    ['missing<=0', 'missing', '<=', 0],
    ['lag_max<10000', 'lag_max', '<', 10000],
  ])('parses %s', (text, metric, op, value) => {
    expect(parseThreshold(text)).toEqual({ source: text.trim(), metric, op, value });
  });

  it.each([
    ['p99', /not <metric><op><value>/],
    ['p42<1ms', /unknown metric "p42"/],
    ['p99<fast', /not <metric><op><value>|not a valid value/],
    ['error_rate<1ms', /not a valid value/],
    ['p99=100ms', /not <metric><op><value>/],
  ])('refuses %s', (text, message) => {
    expect(() => parseThreshold(text)).toThrow(message);
  });
});

describe('evaluateThresholds', () => {
  const metrics = { 'e2e.p99': 120, 'http.p99': 8, error_rate: 0.002, completed_rate: 480, 'visible.p99': null };

  it('given metrics within bounds, then passes', () => {
    const [r] = evaluateThresholds([parseThreshold('http.p99<10ms')], metrics);
    expect(r).toMatchObject({ passed: true, actual: 8 });
  });

  it('given a broken bound, then fails with the actual value in the message', () => {
    const results = evaluateThresholds([parseThreshold('p99<100ms'), parseThreshold('completed_rate>=500/s'), parseThreshold('error_rate<1%')], metrics);
    expect(results.map((r) => r.passed)).toEqual([false, false, true]);
    expect(results[0]?.message).toBe('✗ p99<100ms: e2e.p99 was 120.0ms');
    expect(results[1]?.message).toBe('✗ completed_rate>=500/s: completed_rate was 480.0/s');
    expect(results[2]?.message).toBe('✓ error_rate<1%: error_rate was 0.20%');
  });

  it('given no data for a metric, then fails', () => {
    const [r] = evaluateThresholds([parseThreshold('visible.p99<1s')], metrics);
    expect(r).toMatchObject({ passed: false, actual: null });
    expect(r?.message).toMatch(/no data/);
  });
});
