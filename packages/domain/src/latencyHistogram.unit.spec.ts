import { bucketOf, count, emptyHistogram, merge, quantile, record, upperBounds } from './latencyHistogram';

describe('latencyHistogram', () => {
  it('bounds grow monotonically and cover an hour', () => {
    for (let i = 1; i < upperBounds.length; i++) expect(upperBounds[i]!).toBeGreaterThan(upperBounds[i - 1]!);
    expect(upperBounds[upperBounds.length - 2]!).toBeGreaterThanOrEqual(3_000_000);
  });

  it('places a value in the first bucket whose bound holds it', () => {
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(1)).toBe(0);
    const i = bucketOf(1000);
    expect(upperBounds[i]!).toBeGreaterThanOrEqual(1000);
    expect(upperBounds[i - 1]!).toBeLessThan(1000);
  });

  it('computes quantiles within the bucket error', () => {
    let h = emptyHistogram();
    for (let ms = 1; ms <= 1000; ms++) h = record(h, ms);
    expect(count(h)).toBe(1000);
    const p50 = quantile(h, 0.5)!;
    const p99 = quantile(h, 0.99)!;
    expect(p50).toBeGreaterThanOrEqual(500);
    expect(p50).toBeLessThanOrEqual(500 * 1.2 + 1);
    expect(p99).toBeGreaterThanOrEqual(990);
    expect(p99).toBeLessThanOrEqual(990 * 1.2 + 1);
    expect(quantile(emptyHistogram(), 0.5)).toBeNull();
  });

  it('merges element-wise', () => {
    const a = record(emptyHistogram(), 5);
    const b = record(record(emptyHistogram(), 5), 5000);
    const m = merge(a, b);
    expect(count(m)).toBe(3);
    expect(m[bucketOf(5)]).toBe(2);
  });
});
