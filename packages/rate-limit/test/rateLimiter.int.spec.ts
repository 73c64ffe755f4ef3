import Koa, { type Context } from 'koa';
import pino from 'pino';
import { Registry } from 'prom-client';
import { migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints, uniqueName } from '@conveyor/testing';
import { createRateLimiter, type RateLimitSettings } from '../src';

const logger = pino({ level: 'silent' });
const settings: RateLimitSettings = { enabled: true, policies: { submit: { perSecond: 0.5, burst: 5 } } };
let pool: Pool;

/** A Koa context as the limiter reads it: the principal, the client address, and the headers it sets. */
function contextOf(principalId: string): Context & { headers_: Record<string, string> } {
  const headers_: Record<string, string> = {};
  return { state: { principal: { id: principalId } }, ip: '127.0.0.1', headers_, set: (k: string, v: string) => void (headers_[k] = v) } as unknown as Context & { headers_: Record<string, string> };
}

/** Admits `n` requests one after another; the number admitted. */
async function admitted(admit: (ctx: Context) => Promise<void>, principal: string, n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) {
    try {
      await admit(contextOf(principal));
      ok += 1;
    } catch (err) {
      if ((err as { status?: number }).status !== 429) throw err;
    }
  }
  return ok;
}

beforeAll(async () => {
  pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'rate-limit-test', max: 4 });
  await migrate(pool);
});

afterAll(async () => {
  await pool?.end();
});

describe('createRateLimiter against PostgreSQL', () => {
  it('lets a burst through, then refuses with Retry-After and the RateLimit headers', async () => {
    const limiter = createRateLimiter({ pool, logger, registry: new Registry(), settings, pruneEveryMs: 0 });
    const principal = uniqueName('key:burst');
    expect(await admitted((ctx) => limiter.admit(ctx, 'submit'), principal, 5)).toBe(5);
    const ctx = contextOf(principal);
    await expect(limiter.admit(ctx, 'submit')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(ctx.headers_).toEqual({ 'RateLimit-Policy': '"submit";q=5;w=10', RateLimit: expect.stringMatching(/^"submit";r=0;t=(9|10)$/) as string, 'Retry-After': '2' });
  });

  it('shares one bucket between two instances (two limiters on one table)', async () => {
    const a = createRateLimiter({ pool, logger, registry: new Registry(), settings, pruneEveryMs: 0 });
    const b = createRateLimiter({ pool, logger, registry: new Registry(), settings, pruneEveryMs: 0 });
    const principal = uniqueName('key:shared');
    const admits = [(ctx: Context) => a.admit(ctx, 'submit'), (ctx: Context) => b.admit(ctx, 'submit')];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => admitted(admits[i % 2]!, principal, 1)));
    // 10 concurrent requests through two instances: the burst of 5 passes, once, whatever the interleaving.
    expect(results.reduce((sum, n) => sum + n, 0)).toBe(5);
  });

  it('charges a cost of several tokens at once, and refuses a cost above the burst with 413', async () => {
    const limiter = createRateLimiter({ pool, logger, registry: new Registry(), settings, pruneEveryMs: 0 });
    const principal = uniqueName('key:cost');
    const ctx = contextOf(principal);
    await limiter.admit(ctx, 'submit', 4);
    expect(ctx.headers_.RateLimit).toMatch(/^"submit";r=1;/);
    await expect(limiter.admit(contextOf(principal), 'submit', 2)).rejects.toMatchObject({ status: 429 });
    await expect(limiter.admit(contextOf(principal), 'submit', 6)).rejects.toMatchObject({ status: 413 });
  });

  it('keeps separate buckets per principal and per policy', async () => {
    const limiter = createRateLimiter({ pool, logger, registry: new Registry(), settings: { enabled: true, policies: { submit: { perSecond: 0.5, burst: 2 }, read: { perSecond: 0.5, burst: 2 } } }, pruneEveryMs: 0 });
    const one = uniqueName('key:one');
    expect(await admitted((ctx) => limiter.admit(ctx, 'submit'), one, 3)).toBe(2);
    expect(await admitted((ctx) => limiter.admit(ctx, 'read'), one, 3)).toBe(2);
    expect(await admitted((ctx) => limiter.admit(ctx, 'submit'), uniqueName('key:two'), 3)).toBe(2);
  });

  it('fails open when PostgreSQL cannot be reached: allowed, counted and logged', async () => {
    const down = createPgPool({ url: 'postgres://postgres@127.0.0.1:1/nowhere', name: 'rate-limit-down' });
    const registry = new Registry();
    const warnings: unknown[] = [];
    const spyLogger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
    const limiter = createRateLimiter({ pool: down, logger: spyLogger, registry, settings: { ...settings, policies: { submit: { perSecond: 0.01, burst: 1 } } }, pruneEveryMs: 0 });
    try {
      expect(await admitted((ctx) => limiter.admit(ctx, 'submit'), 'key:any', 3)).toBe(3);
      expect(await registry.metrics()).toMatch(/conveyor_rate_limiter_errors_total\{policy="submit"\} 3/);
      expect(warnings).toEqual([expect.objectContaining({ msg: expect.stringContaining('fail open') as string })]);
    } finally {
      await down.end();
    }
  });

  it('answers through Koa: headers on success, 429 problem when over (with a real HTTP server)', async () => {
    const limiter = createRateLimiter({ pool, logger, registry: new Registry(), settings: { enabled: true, policies: { read: { perSecond: 0.5, burst: 1 } } }, pruneEveryMs: 0 });
    const app = new Koa();
    const principal = uniqueName('key:koa');
    app.use(async (ctx, next) => {
      try {
        await next();
      } catch (err) {
        ctx.status = (err as { status: number }).status;
        ctx.body = { code: (err as { code: string }).code };
      }
    });
    app.use(async (ctx, next) => {
      ctx.state.principal = { id: principal };
      await limiter.admit(ctx, 'read');
      await next();
    });
    app.use((ctx) => void (ctx.body = { ok: true }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit')).toBe('"read";r=0;t=2');
      const second = await fetch(url);
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toBe('2');
      expect(await second.json()).toEqual({ code: 'RATE_LIMITED' });
    } finally {
      server.close();
    }
  });
});
