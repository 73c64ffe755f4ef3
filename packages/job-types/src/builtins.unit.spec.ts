import { z } from 'zod';
import { createJobTypeRegistry, builtinJobTypes } from './builtinJobTypes';
import { httpRequest } from './builtins/httpRequest';
import type { HandlerContext } from './defineJobType';

const ctx = (fetchImpl: typeof fetch, attempt = 1): HandlerContext => ({
  jobId: 'j', attempt, signal: new AbortController().signal, replay: false, log: () => undefined,
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

  it('http.request: 2xx succeeds, 5xx is retriable, 4xx is not', async () => {
    const answer = (status: number) => (async () => new Response('body', { status })) as typeof fetch;
    const payload = httpRequest.payload.parse({ url: 'http://127.0.0.1/hook', body: { a: 1 } });
    await expect(httpRequest.run(payload, ctx(answer(201)))).resolves.toMatchObject({ status: 201, body: 'body' });
    await expect(httpRequest.run(payload, ctx(answer(503)))).rejects.toMatchObject({ code: 'HTTP_503' });
    await expect(httpRequest.run(payload, ctx(answer(404)))).rejects.toMatchObject({ code: 'HTTP_404', retriable: false });
  });
});
