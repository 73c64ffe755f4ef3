import { Registry } from 'prom-client';
import { createConnectionLimiter, TooManyConnectionsError } from './createConnectionLimiter';

describe('createConnectionLimiter', () => {
  it('refuses a principal beyond its own cap, and admits it again once a slot is released', () => {
    const limiter = createConnectionLimiter({ max: 10, maxPerPrincipal: 2 });
    const first = limiter.acquire('a');
    limiter.acquire('a');
    expect(() => limiter.acquire('a')).toThrow(TooManyConnectionsError);
    expect(limiter.acquire('b')).toEqual(expect.any(Function));
    first();
    first(); // releasing twice frees one slot only
    expect(limiter.count('a')).toBe(1);
    limiter.acquire('a');
    expect(() => limiter.acquire('a')).toThrow(/maximum per principal/);
  });

  it('refuses everyone beyond the total cap', () => {
    const limiter = createConnectionLimiter({ max: 2, maxPerPrincipal: 5 });
    limiter.acquire('a');
    const release = limiter.acquire('b');
    expect(() => limiter.acquire('c')).toThrow(/maximum of 2 streams/);
    release();
    limiter.acquire('c');
    expect(limiter.count()).toBe(2);
  });

  it('reports the open connections as a gauge', async () => {
    const registry = new Registry();
    const limiter = createConnectionLimiter({ max: 5, maxPerPrincipal: 5, registry });
    limiter.acquire('a');
    const release = limiter.acquire('b');
    release();
    const text = await registry.metrics();
    expect(text).toContain('conveyor_stream_connections 1');
  });

  it('answers 429 with the TOO_MANY_STREAMS code', () => {
    const limiter = createConnectionLimiter({ max: 1, maxPerPrincipal: 1, retryAfterSeconds: 7 });
    limiter.acquire('a');
    try {
      limiter.acquire('a');
      throw new Error('not refused');
    } catch (err) {
      expect(err).toMatchObject({ status: 429, code: 'TOO_MANY_STREAMS', retryAfterSeconds: 7 });
    }
  });
});
