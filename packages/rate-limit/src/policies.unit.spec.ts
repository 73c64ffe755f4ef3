import { principalKey, resolvePolicy, type RateLimitSettings } from './policies';

const settings: RateLimitSettings = { enabled: true, policies: { submit: { perSecond: 100, burst: 1000 }, read: { perSecond: 20, burst: 100 } } };

describe('resolvePolicy', () => {
  it('gives the configured limits and their window to a principal without overrides', () => {
    expect(resolvePolicy(settings, 'submit', { id: 'key:a' })).toEqual({ name: 'submit', perSecond: 100, burst: 1000, windowSeconds: 10 });
    expect(resolvePolicy(settings, 'read')).toEqual({ name: 'read', perSecond: 20, burst: 100, windowSeconds: 5 });
  });

  it("applies the principal's own rate and scales the burst by the same factor", () => {
    expect(resolvePolicy(settings, 'submit', { id: 'key:a', rateLimits: { submitPerSecond: 10 } })).toEqual({ name: 'submit', perSecond: 10, burst: 100, windowSeconds: 10 });
    expect(resolvePolicy(settings, 'read', { id: 'key:a', rateLimits: { readsPerSecond: 200, submitPerSecond: 1 } })).toEqual({ name: 'read', perSecond: 200, burst: 1000, windowSeconds: 5 });
  });

  it('keeps at least one token of burst for a tiny rate', () => {
    expect(resolvePolicy(settings, 'read', { id: 'u', rateLimits: { readsPerSecond: 0.01 } })?.burst).toBe(1);
  });

  it('ignores overrides that are not positive numbers', () => {
    expect(resolvePolicy(settings, 'submit', { id: 'u', rateLimits: { submitPerSecond: 0 } })?.perSecond).toBe(100);
    expect(resolvePolicy(settings, 'submit', { id: 'u', rateLimits: { submitPerSecond: Number.NaN } })?.perSecond).toBe(100);
  });

  it('is undefined for a policy the API does not configure', () => {
    expect(resolvePolicy({ enabled: true, policies: { read: { perSecond: 1, burst: 1 } } }, 'submit')).toBeUndefined();
  });
});

describe('principalKey', () => {
  it("is the principal's id, else the client address", () => {
    expect(principalKey({ id: 'key:abc' }, '10.0.0.1')).toBe('key:abc');
    expect(principalKey(undefined, '10.0.0.1')).toBe('anonymous:10.0.0.1');
  });
});
