import type { Context } from 'koa';
import pino from 'pino';
import { Registry } from 'prom-client';
import type { Pool } from '@conveyor/runtime';
import type { BucketStore } from './bucketStore';
import { createRateLimiter, rateLimitRoutes } from './createRateLimiter';
import type { RateLimitSettings } from './policies';

const logger = pino({ level: 'silent' });
const settings: RateLimitSettings = { enabled: true, policies: { submit: { perSecond: 10, burst: 20 } } };

function contextOf(method = 'POST', path = '/v1/jobs', principal?: object) {
  const headers: Record<string, string> = {};
  const ctx = { method, path, ip: '10.1.2.3', state: principal ? { principal } : {}, set: (k: string, v: string) => void (headers[k] = v) } as unknown as Context;
  return { ctx, headers };
}

/** A store answering from a script of states, recording the keys and costs asked. */
function scriptedStore(answers: Array<{ tokens: number; granted: boolean } | Error>) {
  const asked: Array<{ key: string; cost: number; burst: number }> = [];
  const store: BucketStore = {
    take: async (key, limits, cost) => {
      asked.push({ key, cost, burst: limits.burst });
      const next = answers.shift();
      if (!next || next instanceof Error) throw next ?? new Error('no answer scripted');
      return next;
    },
    prune: async () => 0,
  };
  return { store, asked };
}

const limiterWith = (store: BucketStore, over: Partial<Parameters<typeof createRateLimiter>[0]> = {}) =>
  createRateLimiter({ pool: {} as Pool, logger, registry: new Registry(), settings, store, pruneEveryMs: 0, ...over });

describe('createRateLimiter', () => {
  it("keys the bucket by policy and principal id, with the principal's own rate", async () => {
    const { store, asked } = scriptedStore([{ tokens: 4, granted: true }]);
    const { ctx, headers } = contextOf('POST', '/v1/jobs', { id: 'key:abc', rateLimits: { submitPerSecond: 5 } });
    await limiterWith(store).admit(ctx, 'submit', 3);
    expect(asked).toEqual([{ key: 'submit:key:abc', cost: 3, burst: 10 }]);
    expect(headers).toEqual({ 'RateLimit-Policy': '"submit";q=10;w=2', RateLimit: '"submit";r=4;t=2' });
  });

  it('keys an anonymous request by its client address', async () => {
    const { store, asked } = scriptedStore([{ tokens: 19, granted: true }]);
    await limiterWith(store).admit(contextOf().ctx, 'submit');
    expect(asked[0]?.key).toBe('submit:anonymous:10.1.2.3');
  });

  it('refuses with 429 and Retry-After when the bucket holds too little, and counts it by policy', async () => {
    const registry = new Registry();
    const { store } = scriptedStore([{ tokens: 0.5, granted: false }]);
    const { ctx, headers } = contextOf();
    await expect(limiterWith(store, { registry }).admit(ctx, 'submit')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(headers['Retry-After']).toBe('1');
    expect(await registry.metrics()).toMatch(/conveyor_rate_limited_total\{policy="submit"\} 1/);
  });

  it('fails open on a store error, then skips the store for the retry pause', async () => {
    const registry = new Registry();
    const { store, asked } = scriptedStore([new Error('connect ECONNREFUSED'), { tokens: 0, granted: false }]);
    const limiter = limiterWith(store, { registry, retryDatabaseAfterMs: 60_000 });
    await limiter.admit(contextOf().ctx, 'submit');
    await limiter.admit(contextOf().ctx, 'submit');
    expect(asked).toHaveLength(1);
    expect(await registry.metrics()).toMatch(/conveyor_rate_limiter_errors_total\{policy="submit"\} 2/);
  });

  it('does nothing when disabled or for a policy the API does not configure', async () => {
    const { store, asked } = scriptedStore([]);
    const { ctx, headers } = contextOf();
    await limiterWith(store, { settings: { ...settings, enabled: false } }).admit(ctx, 'submit');
    await limiterWith(store).admit(ctx, 'read');
    expect(asked).toEqual([]);
    expect(headers).toEqual({});
  });
});

describe('rateLimitRoutes', () => {
  it('charges the listed method and path (a trailing slash too), and nothing else', async () => {
    const charged: string[] = [];
    const middleware = rateLimitRoutes({ admit: async (ctx) => void charged.push(`${ctx.method} ${ctx.path}`) }, [{ method: 'get', path: '/v1/jobs', policy: 'read' }]);
    const next = async () => undefined;
    await middleware(contextOf('GET', '/v1/jobs').ctx, next);
    await middleware(contextOf('GET', '/v1/jobs/').ctx, next);
    await middleware(contextOf('GET', '/v1/jobs/0b7c').ctx, next);
    await middleware(contextOf('POST', '/v1/jobs').ctx, next);
    expect(charged).toEqual(['GET /v1/jobs', 'GET /v1/jobs/']);
  });
});
