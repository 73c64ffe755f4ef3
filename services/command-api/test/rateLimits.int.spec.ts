import { insertApiKey, requestFrom, uniqueLoopbackAddress, waitFor, type FromAnswer } from '@conveyor/testing';
import { startHarness } from './commandApiHarness';

/**
 * Issue 11, rate limits on submissions: per-principal token buckets in Postgres, against the real stack.
 * Each test is a principal of its own (an API key stored for it), so buckets are its own.
 */
type Harness = Awaited<ReturnType<typeof startHarness>>;
const job = { type: 'noop', payload: {} };
const harnesses: Harness[] = [];

async function start(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness({ RATE_LIMIT_ENABLED: 'true', ...env });
  harnesses.push(h);
  return h;
}

afterAll(async () => {
  for (const h of harnesses) await h.close();
});

/** A submitter of its own: requests from a loopback address of its own, with a key of its own. */
interface Client { from: string; headers: Record<string, string> }
const newClient = async (h: Harness, rateLimits?: { submitPerSecond?: number }): Promise<Client> => {
  const { key } = await insertApiKey(h.pool, { roles: ['submitter'], rateLimits });
  return { from: uniqueLoopbackAddress(), headers: { authorization: `Bearer ${key}` } };
};
const submit = (h: Harness, me: Client): Promise<FromAnswer> => requestFrom(me.from, `${h.api.url}/v1/jobs`, { method: 'POST', body: job, headers: me.headers });
const submitBatch = (h: Harness, me: Client, n: number): Promise<FromAnswer> =>
  requestFrom(me.from, `${h.api.url}/v1/jobs/batch`, { method: 'POST', body: { jobs: Array.from({ length: n }, () => job) }, headers: me.headers });

describe('submit rate limit', () => {
  it('answers 429 problem+json with Retry-After and RateLimit headers beyond the burst, and recovers once refilled', async () => {
    const h = await start({ RATE_LIMIT_SUBMIT_PER_SECOND: '2', RATE_LIMIT_SUBMIT_BURST: '3' });
    const me = await newClient(h);
    const answers: FromAnswer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await submit(h, me));
    const accepted = answers.filter((a) => a.status === 202);
    const refused = answers.filter((a) => a.status === 429);
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(accepted[0]?.headers['ratelimit-policy']).toBe('"submit";q=3;w=2');
    expect(accepted[0]?.headers.ratelimit).toMatch(/^"submit";r=2;t=1$/);
    const no = refused[0]!;
    expect(no.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(no.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too many requests' });
    expect(Number(no.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(no.headers.ratelimit).toMatch(/^"submit";r=0;t=\d+$/);
    expect(no.headers['access-control-expose-headers']).toMatch(/RateLimit-Policy, RateLimit, Retry-After/);
    // Recovers: after the refill, submissions pass again.
    await waitFor(async () => (await submit(h, me)).status === 202, { what: 'a submission accepted again', intervalMs: 250 });
  });

  it('shares one bucket between two API instances', async () => {
    const env = { RATE_LIMIT_SUBMIT_PER_SECOND: '0.02', RATE_LIMIT_SUBMIT_BURST: '4' };
    const [a, b] = [await start(env), await start(env)];
    const me = await newClient(a);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await submit(i % 2 ? b : a, me)).status);
    // One token per 50 s: the 4 of the burst are shared, whichever instance answers.
    expect(statuses.filter((s) => s === 202)).toHaveLength(4);
    expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
  });

  it('charges a batch one token per job, before publishing: 202 within the bucket, 429 beyond it, 413 beyond the burst', async () => {
    const h = await start({ RATE_LIMIT_SUBMIT_PER_SECOND: '0.02', RATE_LIMIT_SUBMIT_BURST: '5' });
    const me = await newClient(h);
    const before = await h.recordCount();
    const three = await submitBatch(h, me, 3);
    expect(three.status).toBe(202);
    expect(three.headers.ratelimit).toMatch(/^"submit";r=2;/);
    const tooMany = await submitBatch(h, me, 3);
    expect(tooMany.status).toBe(429);
    expect(tooMany.headers['retry-after']).toBeDefined();
    const aboveBurst = await submitBatch(h, me, 6);
    expect(aboveBurst.status).toBe(413);
    expect(aboveBurst.body.detail).toMatch(/burst is 5/);
    expect((await submitBatch(h, me, 2)).status).toBe(202);
    // Only the two accepted batches reached the log: 5 events.
    expect(await h.recordCount()).toBe(before + 5);
  });

  it("applies an API key's own rate (rateLimits.submitPerSecond), its burst scaled alike", async () => {
    const h = await start({ RATE_LIMIT_SUBMIT_PER_SECOND: '10', RATE_LIMIT_SUBMIT_BURST: '20' });
    const me = await newClient(h, { submitPerSecond: 0.1 });
    const first = await submit(h, me);
    expect(first.status).toBe(202);
    expect(first.headers['ratelimit-policy']).toBe('"submit";q=1;w=10');
    expect((await submit(h, me)).status).toBe(429);
  });

  it('sends no rate-limit headers when RATE_LIMIT_ENABLED is false', async () => {
    const h = await start({ RATE_LIMIT_ENABLED: 'false', RATE_LIMIT_SUBMIT_BURST: '1' });
    const me = await newClient(h);
    const answers = [await submit(h, me), await submit(h, me)];
    expect(answers.map((a) => a.status)).toEqual([202, 202]);
    expect(answers[0]?.headers.ratelimit).toBeUndefined();
  });
});
