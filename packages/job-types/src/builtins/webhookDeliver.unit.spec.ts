import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isRetriable } from '@conveyor/errors';
import { Webhook } from 'standardwebhooks';
import type { HandlerContext } from '../defineJobType';
import { createEgressFetch } from '../egress/createEgressFetch';
import { createEgressPolicy } from '../egress/egressPolicy';
import { webhookDeliver } from './webhookDeliver';
import { signWebhook, webhookHeaders } from './webhookSignature';

// The Standard Webhooks specification's published test vector.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', timestamp: 1614265330,
  body: '{"test": 2432232314}', signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('webhook signature', () => {
  it('reproduces the specification test vector', () => {
    expect(signWebhook({ id: vector.id, timestamp: vector.timestamp, body: vector.body }, vector.secret)).toBe(vector.signature);
  });

  it('is verified by the standardwebhooks package, and a changed body is not', () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
    const body = JSON.stringify({ type: 'job.succeeded', timestamp: new Date().toISOString(), data: { jobId: 'j' } });
    const headers = webhookHeaders({ id: 'evt-1', body }, secret, Date.now());
    expect(headers['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace('j', 'k'), headers)).toThrow();
  });
});

/** Real sockets: a receiver on 127.0.0.1 reached through the egress-checked fetch. */
describe('webhook.deliver', () => {
  let server: Server;
  let url: string;
  let answer = 200;
  const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  const secret = `whsec_${Buffer.alloc(24, 3).toString('base64')}`;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(answer).end('ack');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => { seen.length = 0; });

  const ctx = (allowLoopback: boolean): HandlerContext => ({
    jobId: 'job-1', attempt: 1, signal: new AbortController().signal, replay: false, log: () => undefined, progress: () => undefined,
    ports: { fetch: createEgressFetch(createEgressPolicy({ allowLoopback })), queryReadModel: async () => [], sleep: async () => undefined },
  });
  const payload = () => webhookDeliver.payload.parse({
    subscriptionId: '0b9c3f3e-6a55-4d0e-9d7e-3f1f3f7e0a11', url, secret, messageId: 'evt-42',
    event: { type: 'job.succeeded', timestamp: '2026-12-03T12:00:00.000Z', data: { jobId: 'j1' } },
  });

  it('POSTs the event signed, and the receiver verifies it with the standardwebhooks package', async () => {
    answer = 204;
    const result = await webhookDeliver.run(payload(), ctx(true));
    expect(result).toMatchObject({ status: 204 });
    const [delivery] = seen;
    expect(delivery?.headers['webhook-id']).toBe('evt-42');
    expect(new Webhook(secret).verify(delivery?.body ?? '', delivery?.headers as Record<string, string>)).toMatchObject({ type: 'job.succeeded', data: { jobId: 'j1' } });
  });

  it('fails retriably on a non-2xx answer', async () => {
    answer = 500;
    const err = await webhookDeliver.run(payload(), ctx(true)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HTTP_500' });
    expect(isRetriable(err)).toBe(true);
  });

  it('fails for good, without a request, when the egress policy refuses loopback', async () => {
    const err = await webhookDeliver.run(payload(), ctx(false)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EGRESS_DENIED_LOOPBACK_ADDRESS' });
    expect(isRetriable(err)).toBe(false);
    expect(seen).toHaveLength(0);
  });
});
