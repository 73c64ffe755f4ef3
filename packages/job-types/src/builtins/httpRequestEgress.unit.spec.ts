import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRetriable } from '@conveyor/errors';
import type { HandlerContext } from '../defineJobType';
import { createEgressFetch, type Resolve } from '../egress/createEgressFetch';
import { createEgressPolicy, type EgressSettings } from '../egress/egressPolicy';
import { httpRequest, maxBodyBytes, maxRedirects } from './httpRequest';

/** Real sockets: a server on 127.0.0.1, reached (or not) through the egress-checked fetch. */
describe('http.request egress', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.end('hello'),
    '/big': (_req, res) => res.end('x'.repeat(maxBodyBytes * 3)),
    '/to-loopback': (_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${port}/ok` }).end(),
    '/to-private': (_req, res) => res.writeHead(307, { location: 'http://10.0.0.1/admin' }).end(),
    '/to-metadata': (_req, res) => res.writeHead(301, { location: 'http://[::ffff:a9fe:a9fe]/latest/meta-data/' }).end(),
    '/see-other': (_req, res) => res.writeHead(303, { location: '/ok' }).end(),
    '/temporary': (_req, res) => res.writeHead(307, { location: '/ok' }).end(),
    '/elsewhere': (_req, res) => res.writeHead(308, { location: `http://other.test:${port}/ok` }).end(),
    '/loop': (_req, res) => res.writeHead(302, { location: '/loop' }).end(),
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        (routes[req.url ?? ''] ?? ((_q, s) => s.writeHead(404).end()))(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => { seen.length = 0; });

  /** Test names resolve where the test says; every other name through the system resolver. */
  const names: Record<string, string[]> = {
    'hooks.test': ['127.0.0.1'], 'other.test': ['127.0.0.1'], 'internal.test': ['10.1.2.3'], 'mixed.test': ['93.184.215.14', '192.168.0.7'],
  };
  const resolve: Resolve = async (hostname) => {
    const addresses = names[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const ctx = (settings: EgressSettings, options: { resolve?: Resolve } = { resolve }): HandlerContext => ({
    jobId: 'j', attempt: 1, signal: new AbortController().signal, replay: false, log: () => undefined, progress: () => undefined,
    ports: { fetch: createEgressFetch(createEgressPolicy(settings), options), queryReadModel: async () => [], sleep: async () => undefined },
  });
  const run = (payload: Record<string, unknown>, settings: EgressSettings, options?: { resolve?: Resolve }) =>
    httpRequest.run(httpRequest.payload.parse({ method: 'GET', ...payload }), ctx(settings, options));
  const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected the job to fail'); }, (err: unknown) => err);

  it('refuses a server on 127.0.0.1 without the loopback allowance, for good and without connecting', async () => {
    const error = await failure(run({ url: `http://127.0.0.1:${port}/ok` }, {}));
    expect(error).toMatchObject({ code: 'EGRESS_DENIED_LOOPBACK_ADDRESS', retriable: false });
    expect(isRetriable(error)).toBe(false);
    expect(seen).toEqual([]);
  });

  it('reaches the same server with EGRESS_ALLOW_LOOPBACK', async () => {
    await expect(run({ url: `http://127.0.0.1:${port}/ok` }, { allowLoopback: true })).resolves.toMatchObject({ status: 200, body: 'hello', truncated: false });
  });

  it.each([
    'http://2130706433:PORT/ok', 'http://0x7f.1:PORT/ok', 'http://0177.0.0.1:PORT/ok', 'http://127.1:PORT/ok', 'http://0x7f000001:PORT/ok',
    'http://[::ffff:127.0.0.1]:PORT/ok', 'http://[::ffff:7f00:1]:PORT/ok', 'http://[::1]:PORT/ok', 'http://[::127.0.0.1]:PORT/ok',
  ])('refuses loopback spelt %s', async (url) => {
    await expect(run({ url: url.replace('PORT', String(port)) }, {})).rejects.toMatchObject({ code: 'EGRESS_DENIED_LOOPBACK_ADDRESS', retriable: false });
    expect(seen).toEqual([]);
  });

  it.each([
    ['http://169.254.169.254/latest/meta-data/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'], ['http://2852039166/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
    ['http://[fd00:ec2::254]/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'], ['http://[fe80::1]/', 'EGRESS_DENIED_LINK_LOCAL_ADDRESS'],
    ['http://10.0.0.1/', 'EGRESS_DENIED_PRIVATE_ADDRESS'], ['http://0xac.16.0.1/', 'EGRESS_DENIED_PRIVATE_ADDRESS'], ['http://[fc00::1]/', 'EGRESS_DENIED_PRIVATE_ADDRESS'],
    ['http://100.64.0.1/', 'EGRESS_DENIED_CGNAT_ADDRESS'], ['http://224.0.0.1/', 'EGRESS_DENIED_MULTICAST_ADDRESS'],
    ['http://0.0.0.0:PORT/', 'EGRESS_DENIED_UNSPECIFIED_ADDRESS'], ['http://0:PORT/', 'EGRESS_DENIED_UNSPECIFIED_ADDRESS'], ['http://255.255.255.255/', 'EGRESS_DENIED_BROADCAST_ADDRESS'],
  ])('refuses %s with %s, even with the loopback allowance', async (url, code) => {
    await expect(run({ url: url.replace('PORT', String(port)) }, { allowLoopback: true })).rejects.toMatchObject({ code, retriable: false });
  });

  it('refuses a host name that resolves to a private address, or to any refused address among its answers', async () => {
    await expect(run({ url: 'http://internal.test/' }, {})).rejects.toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS', message: expect.stringContaining('internal.test (10.1.2.3)') });
    await expect(run({ url: 'http://mixed.test/' }, {})).rejects.toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS' });
  });

  it('refuses localhost through the system resolver', async () => {
    await expect(run({ url: `http://localhost:${port}/ok` }, {}, {})).rejects.toMatchObject({ code: 'EGRESS_DENIED_LOOPBACK_ADDRESS', retriable: false });
    expect(seen).toEqual([]);
  });

  it('refuses a redirect from an allowed server to loopback, a private address or the metadata address', async () => {
    const allowed = { allow: ['hooks.test'] };
    await expect(run({ url: `http://hooks.test:${port}/ok` }, allowed)).resolves.toMatchObject({ status: 200, body: 'hello' });
    await expect(run({ url: `http://hooks.test:${port}/to-loopback` }, allowed)).rejects.toMatchObject({ code: 'EGRESS_DENIED_LOOPBACK_ADDRESS', retriable: false });
    await expect(run({ url: `http://hooks.test:${port}/to-private` }, allowed)).rejects.toMatchObject({ code: 'EGRESS_DENIED_PRIVATE_ADDRESS', retriable: false });
    await expect(run({ url: `http://hooks.test:${port}/to-metadata` }, allowed)).rejects.toMatchObject({ code: 'EGRESS_DENIED_LINK_LOCAL_ADDRESS', retriable: false });
    expect(seen.map((s) => s.url)).toEqual(['/ok', '/to-loopback', '/to-private', '/to-metadata']);
  });

  it('the denylist refuses a host even on an allowed address', async () => {
    await expect(run({ url: `http://hooks.test:${port}/ok` }, { allowLoopback: true, deny: ['hooks.test'] })).rejects.toMatchObject({ code: 'EGRESS_DENIED_BY_DENYLIST' });
  });

  it('follows 303 as a GET without the body, 307 with the method and body, and drops credentials across origins', async () => {
    const allowed = { allowLoopback: true };
    await run({ method: 'POST', url: `http://127.0.0.1:${port}/see-other`, body: { a: 1 } }, allowed);
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([['POST', '/see-other', '{"a":1}'], ['GET', '/ok', '']]);
    expect(seen[1]!.headers['content-type']).toBeUndefined();
    seen.length = 0;
    await run({ method: 'PUT', url: `http://127.0.0.1:${port}/temporary`, body: 'raw', headers: { authorization: 'Bearer s3cret' } }, allowed);
    expect(seen.map((s) => [s.method, s.url, s.body, s.headers.authorization])).toEqual([['PUT', '/temporary', 'raw', 'Bearer s3cret'], ['PUT', '/ok', 'raw', 'Bearer s3cret']]);
    seen.length = 0;
    await run({ method: 'POST', url: `http://127.0.0.1:${port}/elsewhere`, body: 'raw', headers: { authorization: 'Bearer s3cret' } }, allowed);
    expect(seen.map((s) => [s.method, s.url, s.body, s.headers.authorization])).toEqual([['POST', '/elsewhere', 'raw', 'Bearer s3cret'], ['POST', '/ok', 'raw', undefined]]);
  });

  it(`stops after ${maxRedirects} redirects`, async () => {
    await expect(run({ url: `http://127.0.0.1:${port}/loop` }, { allowLoopback: true })).rejects.toMatchObject({ code: 'HTTP_TOO_MANY_REDIRECTS', retriable: false });
    expect(seen).toHaveLength(maxRedirects + 1);
  });

  it('reads a body over the cap up to the cap and marks it truncated', async () => {
    const result = await run({ url: `http://127.0.0.1:${port}/big` }, { allowLoopback: true });
    expect(result).toMatchObject({ status: 200, truncated: true });
    expect(result.body).toHaveLength(maxBodyBytes);
  });

  it('refuses a URL with credentials at validation, and never puts the query in a message', async () => {
    expect(httpRequest.payload.safeParse({ url: 'http://user:pass@example.test/' }).success).toBe(false);
    const error = await failure(run({ url: `http://127.0.0.1:${port}/ok?token=s3cret` }, {}));
    expect(String((error as Error).message)).not.toContain('s3cret');
    const notFound = await failure(run({ url: `http://127.0.0.1:${port}/missing?token=s3cret` }, { allowLoopback: true }));
    expect(notFound).toMatchObject({ code: 'HTTP_404' });
    expect(String((notFound as Error).message)).not.toContain('s3cret');
  });
});
