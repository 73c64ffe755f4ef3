import { formatRateLimit, formatRateLimitPolicy, retryAfterSeconds } from './headers';
import type { ResolvedPolicy } from './policies';

const submit: ResolvedPolicy = { name: 'submit', perSecond: 100, burst: 300, windowSeconds: 3 };

describe('rate-limit headers (draft-ietf-httpapi-ratelimit-headers, structured fields)', () => {
  it('writes the policy as its quota and window', () => {
    expect(formatRateLimitPolicy(submit)).toBe('"submit";q=300;w=3');
  });

  it('writes the whole tokens remaining and the seconds until the bucket is full', () => {
    expect(formatRateLimit(submit, { tokens: 299.6, granted: true })).toBe('"submit";r=299;t=1');
    expect(formatRateLimit(submit, { tokens: 300, granted: true })).toBe('"submit";r=300;t=0');
    expect(formatRateLimit(submit, { tokens: 0.4, granted: false })).toBe('"submit";r=0;t=3');
  });

  it('tells a refused request to wait until its cost is refilled, at least a second', () => {
    expect(retryAfterSeconds(submit, { tokens: 0, granted: false }, 1)).toBe(1);
    expect(retryAfterSeconds(submit, { tokens: 50, granted: false }, 300)).toBe(3);
    expect(retryAfterSeconds({ ...submit, perSecond: 0.5 }, { tokens: 0.2, granted: false }, 1)).toBe(2);
  });
});
