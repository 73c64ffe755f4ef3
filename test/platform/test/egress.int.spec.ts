import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Issue 11: a job can't be turned against the network the processors run in. Through the whole
 * platform, with the processors' default egress policy (no EGRESS_ALLOW_LOOPBACK) plus an operator's
 * allowlist entry (127.0.0.2, a receiver the jobs may reach) and denylist entry (127.0.0.3): each job is
 * submitted over the API and its failure read back from the query API. Every refused target fails on
 * its first attempt, for good, with the code that says why, and no receiver is ever called.
 */
describe('egress policy of the processors', () => {
  let platform: InProcessPlatform;
  const servers: Server[] = [];
  let port: number;
  let calls = 0;
  const allowedCalls: string[] = [];

  /** A receiver on `host`; on 127.0.0.2 it answers /big with 200 KiB and /to-* with redirects. */
  const listen = async (host: string, handler: (req: IncomingMessage, res: ServerResponse) => void, at = 0) => {
    const server = createServer(handler);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(at, host, resolve));
    return (server.address() as AddressInfo).port;
  };

  beforeAll(async () => {
    port = await listen('127.0.0.1', (_req, res) => { calls++; res.end('reached'); });
    await listen('127.0.0.3', (_req, res) => { calls++; res.end('reached'); }, port);
    await listen('127.0.0.2', (req, res) => {
      allowedCalls.push(req.url ?? '');
      if (req.url === '/big') res.end('x'.repeat(200 * 1024));
      else if (req.url === '/to-loopback') res.writeHead(302, { location: `http://127.0.0.1:${port}/hook` }).end();
      else if (req.url === '/to-metadata') res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
      else res.end('ok');
    }, port);
    platform = await startInProcessPlatform({
      endpoints: stackEndpoints(), logger: createLogger({ service: 'egress-test', level: 'silent' }),
      env: { EGRESS_ALLOW_LOOPBACK: 'false', EGRESS_ALLOW: '127.0.0.2', EGRESS_DENY: '127.0.0.3' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
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
    const job = await res.json() as { status: string; attempts: number; result: { status: number; body: string; truncated: boolean } | null; error: { code: string; message: string; retriable: boolean } | null };
    return ['succeeded', 'failed', 'dead', 'cancelled'].includes(job.status) ? job : undefined;
  }, { timeoutMs: 60_000, what: `job ${jobId} settled` });

  it.each([
    // loopback, in every spelling, and by name through the system resolver
    ['http://127.0.0.1:PORT/hook?token=s3cret', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://2130706433:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://0x7f000001:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://0x7f.1:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://0177.0.0.1:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://127.1:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://[::ffff:127.0.0.1]:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://[::ffff:7f00:1]:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    ['http://[::1]:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://localhost:PORT/hook', 'EGRESS_DENIED_LOOPBACK_ADDRESS'],
    // private, link-local and the metadata addresses, CGNAT, multicast, unspecified
    ['http://10.0.0.1/', 'EGRESS_DENIED_PRIVATE_ADDRESS'], ['http://172.16.0.1/', 'EGRESS_DENIED_PRIVATE_ADDRESS'], ['http://192.168.1.1/', 'EGRESS_DENIED_PRIVATE_ADDRESS'],
    ['http://169.254.169.254/latest/meta-data/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'], ['http://2852039166/latest/meta-data/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
    ['http://[fe80::1]/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'], ['http://[fd00:ec2::254]/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
    ['http://100.64.0.1/', 'EGRESS_DENIED_CGNAT_ADDRESS'], ['http://224.0.0.1/', 'EGRESS_DENIED_MULTICAST_ADDRESS'],
    ['http://0.0.0.0:PORT/hook', 'EGRESS_DENIED_UNSPECIFIED_ADDRESS'], ['http://[::]:PORT/hook', 'EGRESS_DENIED_UNSPECIFIED_ADDRESS'],
    // the operator's denylist, and redirects from an allowed receiver, checked per hop
    ['http://127.0.0.3:PORT/hook', 'EGRESS_DENIED_BY_DENYLIST'],
    ['http://127.0.0.2:PORT/to-loopback', 'EGRESS_DENIED_LOOPBACK_ADDRESS'], ['http://127.0.0.2:PORT/to-metadata', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
  ])('fails %s on its first attempt with %s', async (url, code) => {
    const job = await settled(await submit(url.replace('PORT', String(port))));
    expect(job).toMatchObject({ attempts: 1, error: { code, retriable: false } });
    expect(job.status).toMatch(/^(failed|dead)$/);
    expect(job.error!.message).not.toContain('s3cret');
    expect(calls).toBe(0);
  });

  it('reaches the allowlisted receiver, and reads its body up to the cap', async () => {
    const job = await settled(await submit(`http://127.0.0.2:${port}/big`));
    expect(job).toMatchObject({ status: 'succeeded', result: { status: 200, truncated: true } });
    expect(job.result!.body).toHaveLength(64 * 1024);
    expect(allowedCalls).toContain('/big');
  });
});
