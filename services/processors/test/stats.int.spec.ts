/**
 * Analytics (issue "Job semantics", item 9): real jobs of a job type of this run only, through the
 * processors and the projector, then GET /v1/stats of the real query API: counts, success rate,
 * attempts distribution, queue wait and run time percentiles reflect them.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { NonRetriableError } from '@conveyor/errors';
import { builtinJobTypes, createJobTypeRegistry, defineJobType } from '@conveyor/job-types';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, testApiKey, waitFor } from '@conveyor/testing';
import { loadConfig as loadQueryConfig } from '@conveyor/query-api/config';
import { startQueryApi } from '@conveyor/query-api';
import { createSemanticsHarness, type SemanticsHarness } from './jobSemanticsHarness';

const endpoints = stackEndpoints();
const type = `stats.test.${randomBytes(4).toString('hex')}`;
/** Sleeps `ms`, then fails the first `failTimes` attempts (retriable), or always when `fatal`. */
const statsJob = defineJobType({
  type, description: 'stats test', sideEffects: false,
  payload: z.object({ ms: z.number().int(), failTimes: z.number().int().default(0), fatal: z.boolean().default(false) }),
  run: async (p, ctx) => {
    await ctx.ports.sleep(p.ms, ctx.signal);
    if (p.fatal) throw new NonRetriableError('fatal', 'FATAL');
    if (ctx.attempt <= p.failTimes) throw Object.assign(new Error('transient'), { code: 'TRANSIENT' });
    return { ok: true };
  },
});

interface TypeStats { type: string; submitted: number; succeeded: number; failed: number; retried: number; dead: number; successRate: number; attempts: Record<string, number>; durationMs: Record<string, number>; queueWaitMs: Record<string, number | null> }

describe('GET /v1/stats reflects real jobs', () => {
  let h: SemanticsHarness;
  let query: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    h = await createSemanticsHarness({ EXECUTOR_CONCURRENCY: '8' });
    await h.start({ registry: createJobTypeRegistry([...builtinJobTypes, statsJob]) });
    query = await startQueryApi({ ...loadQueryConfig({ DATABASE_URL: endpoints.databaseUrl, LOG_LEVEL: 'error', HOST: '127.0.0.1', AUTH_BOOTSTRAP_API_KEY: testApiKey }), PORT: 0 }, { logger: createLogger({ service: 'stats-test', level: 'error' }), metricsPort: null });
  });
  afterAll(async () => {
    await query?.close();
    await h?.close();
  });

  it('counts, success rate, attempts, run time and queue wait per type', async () => {
    const backoff = { kind: 'fixed' as const, delayMs: 50, maxDelayMs: 50 };
    const ok = await h.submitMany(10, type, { ms: 100 }, { maxAttempts: 3, backoff });
    const retried = await h.submitMany(5, type, { ms: 20, failTimes: 1 }, { maxAttempts: 3, backoff });
    const dead = await h.submitMany(5, type, { ms: 5, fatal: true }, { maxAttempts: 3, backoff });
    const ids = [...ok, ...retried, ...dead];
    await waitFor(async () => Number((await h.pool.query(`select count(*) n from jobs where job_id = any($1) and status in ('succeeded', 'dead')`, [ids])).rows[0].n) === 20,
      { timeoutMs: 30_000, what: 'every job finished in the read model' });
    const res = await fetch(`${query.url}/v1/stats?window=15m&type=${encodeURIComponent(type)}`, { headers: authHeaders() });
    expect(res.status).toBe(200);
    const body = await res.json() as { byType: TypeStats[]; totals: { dead: number } };
    const s = body.byType.find((t) => t.type === type)!;
    process.stdout.write(`stats: ${JSON.stringify(s)}\n`);
    expect(s).toMatchObject({ submitted: 20, succeeded: 15, failed: 5, retried: 5, dead: 5, successRate: 0.75, attempts: { 1: 15, 2: 5 } });
    expect(body.totals.dead).toBe(5);
    // 25 finished attempts: 5 × 5 ms (fatal), 10 × 20 ms (the retried ones, twice), 10 × 100 ms. A sleep never ends
    // early but may end late on a busy machine, so only the lower bounds and the order are certain (no wall-clock limits).
    expect(s.durationMs.p50).toBeGreaterThanOrEqual(20);
    expect(s.durationMs.p95).toBeGreaterThanOrEqual(100);
    expect(s.durationMs.p50).toBeLessThanOrEqual(s.durationMs.p95 as number);
    expect(s.durationMs.p99).toBeGreaterThanOrEqual(s.durationMs.p95 as number);
    expect(s.queueWaitMs.p50).not.toBeNull();
  });
});
