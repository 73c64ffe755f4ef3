import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Issue 11: a job can't be turned against the network the processors run in. Through the whole
 * platform, with the processors' default egress policy (no EGRESS_ALLOW_LOOPBACK): an http.request
 * job aimed at a receiver on 127.0.0.1, or at the metadata address in another spelling, fails on
 * its first attempt, for good, with the code that says why, and the receiver is never called.
 */
describe('egress policy of the processors', () => {
  let platform: InProcessPlatform;
  let hook: Server;
  let port: number;
  let calls = 0;

  beforeAll(async () => {
    hook = createServer((_req, res) => { calls++; res.end('reached'); });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    port = (hook.address() as AddressInfo).port;
    platform = await startInProcessPlatform({
      endpoints: stackEndpoints(), logger: createLogger({ service: 'egress-test', level: 'silent' }), env: { EGRESS_ALLOW_LOOPBACK: 'false' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => hook.close(resolve));
  });

  const submit = async (url: string) => {
    const res = await fetch(`${platform.commandApi}/v1/jobs`, {
      method: 'POST', headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'http.request', payload: { url, headers: { authorization: 'Bearer s3cret' } }, maxAttempts: 3, backoff: { kind: 'fixed', delayMs: 100, maxDelayMs: 100 } }),
    });
    expect(res.status).toBe(202);
    return (await res.json() as { jobId: string }).jobId;
  };
  const settled = (jobId: string) => waitFor(async () => {
    const res = await fetch(`${platform.queryApi}/v1/jobs/${jobId}`, { headers: authHeaders(platform.apiKey) });
    if (res.status !== 200) return undefined;
    const job = await res.json() as { status: string; attempts: number; error: { code: string; message: string; retriable: boolean } | null };
    return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status) ? job : undefined;
  }, { timeoutMs: 60_000, what: `job ${jobId} settled` });

  it.each([
    [`http://127.0.0.1:PORT/hook?token=s3cret`, 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    [`http://0x7f.1:PORT/hook`, 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    [`http://[::ffff:7f00:1]:PORT/hook`, 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://2852039166/latest/meta-data/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
  ])('fails %s on its first attempt with %s', async (url, code) => {
    const job = await settled(await submit(url.replace('PORT', String(port))));
    expect(job).toMatchObject({ attempts: 1, error: { code, retriable: false } });
    expect(job.status).toMatch(/^(failed|dead)$/);
    expect(job.error!.message).not.toContain('s3cret');
    expect(calls).toBe(0);
  });
});
