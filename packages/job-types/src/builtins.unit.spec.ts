import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { isRetriable } from '@conveyor/errors';
import { createJobTypeRegistry, builtinJobTypes } from './builtinJobTypes';
import { httpRequest } from './builtins/httpRequest';
import type { HandlerContext } from './defineJobType';

const ctx = (fetchImpl: typeof fetch, attempt = 1): HandlerContext => ({
  jobId: 'j', attempt, signal: new AbortController().signal, replay: false, log: () => undefined, progress: () => undefined,
  ports: { fetch: fetchImpl, queryReadModel: async () => [], sleep: async () => undefined },
});

describe('job types', () => {
  it('refuses a type defined twice', () => {
    expect(() => createJobTypeRegistry([...builtinJobTypes, builtinJobTypes[0]!])).toThrow(/defined twice/);
  });

  it('every payload schema renders as JSON Schema for the API and the form', () => {
    for (const d of builtinJobTypes) expect(z.toJSONSchema(d.payload, { io: 'input' })).toHaveProperty('type', 'object');
  });

  it('http.request validates its payload', () => {
    expect(httpRequest.payload.safeParse({ url: 'ftp://x' }).success).toBe(false);
    expect(httpRequest.payload.parse({ url: 'http://127.0.0.1/x' })).toMatchObject({ method: 'POST', headers: {} });
  });

  it('http.request: a refused connection is a retriable error naming its cause', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const payload = httpRequest.payload.parse({ url: `http://127.0.0.1:${closedPort}/hook` });
    // The real fetch against a port nothing listens on: what undici throws, not a stand-in.
    const error = await httpRequest.run(payload, ctx(fetch)).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', retriable: true });
    expect(isRetriable(error)).toBe(true);
  });

  it('http.request: the payload timeout is retriable, the attempt\'s own abort passes through', async () => {
    const hang = (async (_url: string | URL | Request, init?: RequestInit) => new Promise<Response>((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
    })) as typeof fetch;
    const timed = httpRequest.payload.parse({ url: 'http://127.0.0.1/hook', timeoutMs: 5 });
    await expect(httpRequest.run(timed, ctx(hang))).rejects.toMatchObject({ code: 'HTTP_TIMEOUT', retriable: true });
    const controller = new AbortController();
    const running = httpRequest.run(httpRequest.payload.parse({ url: 'http://127.0.0.1/hook' }), { ...ctx(hang), signal: controller.signal });
    controller.abort(new Error('cancelled by the executor'));
    await expect(running).rejects.toThrow('cancelled by the executor');
  });

  it('http.request: 2xx succeeds, 5xx is retriable, 4xx is not', async () => {
    const answer = (status: number) => (async () => new Response('body', { status })) as typeof fetch;
    const payload = httpRequest.payload.parse({ url: 'http://127.0.0.1/hook', body: { a: 1 } });
    await expect(httpRequest.run(payload, ctx(answer(201)))).resolves.toMatchObject({ status: 201, body: 'body' });
    await expect(httpRequest.run(payload, ctx(answer(503)))).rejects.toMatchObject({ code: 'HTTP_503' });
    await expect(httpRequest.run(payload, ctx(answer(404)))).rejects.toMatchObject({ code: 'HTTP_404', retriable: false });
  });
});
