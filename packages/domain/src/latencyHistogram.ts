/**
 * A small log-scale histogram of durations in milliseconds, stored per minute and type in the
 * statistics read model. Histograms add element-wise, so any window's percentiles come from
 * summing its minutes. Bucket i holds values ≤ upperBounds[i]; relative error ≤ ~10%.
 */
const growth = 1.2;
export const upperBounds: readonly number[] = (() => {
  const bounds: number[] = [];
  let b = 1;
  while (b < 3_600_000) {
    bounds.push(Math.round(b));
    b = Math.max(b + 1, b * growth);
  }
  bounds.push(Number.MAX_SAFE_INTEGER);
  return bounds;
})();

export type Histogram = number[];

export function emptyHistogram(): Histogram {
  return new Array<number>(upperBounds.length).fill(0);
}

/** Index of the bucket holding `ms` (binary search). */
export function bucketOf(ms: number): number {
  let lo = 0;
  let hi = upperBounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((upperBounds[mid] as number) >= ms) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A copy of `h` with one more value recorded. */
export function record(h: Histogram, ms: number): Histogram {
  const out = h.length === upperBounds.length ? [...h] : emptyHistogram();
  const i = bucketOf(Math.max(0, ms));
  out[i] = (out[i] ?? 0) + 1;
  return out;
}

/** Element-wise sum. */
export function merge(a: Histogram, b: Histogram): Histogram {
  return upperBounds.map((_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}

export function count(h: Histogram): number {
  return h.reduce((s, n) => s + n, 0);
}

/** The value at quantile q (0..1): the upper bound of the bucket where the rank falls; null when empty. */
export function quantile(h: Histogram, q: number): number | null {
  const total = count(h);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < h.length; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return Math.min(upperBounds[i] as number, upperBounds[upperBounds.length - 2] as number);
  }
  return null;
}
