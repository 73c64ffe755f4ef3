import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { deliveryIds } from '@conveyor/processors/webhooks';
import { createLogger } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/** One request the receiver got. */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Delivery { jobId: string; eventType: string; messageId: string; status: string; attempts: number; lastResponseStatus: number | null; lastError: string | null }

/**
 * Issue 12, signed webhooks through the whole platform: subscriptions over the command API, deliveries
 * as webhook.deliver jobs run by the executor, received by a server of this test on 127.0.0.1 (the
 * platform's egress settings allow loopback) that verifies every signature with an independent
 * implementation, the standardwebhooks package. Delivery retries are short here (WEBHOOK_* settings).
 */
describe('webhooks', () => {
  let platform: InProcessPlatform;
  let server: Server;
  let base: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body });
        res.writeHead(req.url?.startsWith('/failing') ? 500 : 204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    platform = await startInProcessPlatform({
      endpoints: stackEndpoints(), logger: createLogger({ service: 'webhooks-test', level: 'silent' }),
      env: { EGRESS_ALLOW_LOOPBACK: 'true', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_MAX_BACKOFF_MS: '100' },
    });
  });

  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  const call = async (api: 'command' | 'query', method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api === 'command' ? platform.commandApi : platform.queryApi}${path}`, {
      method, headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), position: res.headers.get('conveyor-position'), body: text ? JSON.parse(text) as Record<string, unknown> : null };
  };
  const subscribe = async (path: string, eventTypes = ['job.succeeded']) => {
    const created = await call('command', 'POST', '/v1/webhooks', { url: `${base}${path}`, eventTypes, jobTypes: ['noop'], description: path });
    expect(created.status).toBe(201);
    // Read our own write: the planner delivers only to subscriptions the projection holds.
    expect((await call('query', 'GET', `/v1/webhooks/${String(created.body?.id)}?after=${created.position ?? ''}`)).status).toBe(200);
    return { id: String(created.body?.id), secret: String(created.body?.secret) };
  };
  const submitNoop = async () => {
    const res = await call('command', 'POST', '/v1/jobs', { type: 'noop', payload: {} });
    expect(res.status).toBe(202);
    return String(res.body?.jobId);
  };
  const at = (path: string) => received.filter((r) => r.path === path);
  /** The requests to `path` about job `jobId`, once there are `count`, each verified with the subscription's secret. */
  const verifiedAt = (path: string, secret: string, count = 1, jobId?: string) => waitFor(() => {
    const found = at(path).filter((r) => jobId === undefined || r.body.includes(jobId));
    if (found.length < count) return undefined;
    return found.map((r) => ({ request: r, payload: new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string; data: Record<string, unknown> } }));
  }, { timeoutMs: 60_000, what: `${count} deliveries at ${path}` });
  const deliveries = async (subscriptionId: string) => (await call('query', 'GET', `/v1/webhooks/${subscriptionId}/deliveries`)).body?.items as Delivery[];

  it('delivers a job\'s JobSucceeded to its subscription, signed per Standard Webhooks, and records it in the history', async () => {
    const { id, secret } = await subscribe('/succeeded');
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const jobId = await submitNoop();
    const [delivery] = await verifiedAt('/succeeded', secret, 1, jobId);
    expect(delivery?.payload).toMatchObject({ type: 'job.succeeded', data: { jobId, jobType: 'noop', attempt: 1 } });
    expect(delivery?.request.headers['content-type']).toBe('application/json');
    const history = await waitFor(async () => (await deliveries(id)).find((d) => d.status === 'succeeded'), { timeoutMs: 30_000, what: 'the delivery in the history' });
    expect(history).toMatchObject({ eventType: 'job.succeeded', messageId: delivery?.request.headers['webhook-id'], attempts: 1, lastResponseStatus: 204 });
    // The delivery is a job like any other, in the jobs read model (its own projection, which may be behind the history's).
    expect(await waitFor(async () => {
      const job = (await call('query', 'GET', `/v1/jobs/${history.jobId}`)).body;
      return job?.status === 'succeeded' ? job : undefined;
    }, { timeoutMs: 30_000, what: 'the delivery job succeeded' })).toMatchObject({ type: 'webhook.deliver' });
    // Listed without its secret, and audited.
    const listed = (await call('query', 'GET', '/v1/webhooks')).body?.items as Array<Record<string, unknown>>;
    expect(listed.find((w) => w.id === id)).toEqual(expect.not.objectContaining({ secret: expect.anything() }));
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));
    const audit = (await call('query', 'GET', '/v1/audit?action=webhook.create')).body?.items as Array<{ target: string; actor: string }>;
    expect(audit).toContainEqual(expect.objectContaining({ target: `webhook:${id}`, actor: 'key:bootstrap' }));
  });

  it('sends a test event on request', async () => {
    const { id, secret } = await subscribe('/test-event');
    const accepted = await call('command', 'POST', `/v1/webhooks/${id}/test`);
    expect(accepted.status).toBe(202);
    const [delivery] = await verifiedAt('/test-event', secret);
    expect(delivery?.payload).toMatchObject({ type: 'webhook.test', data: { subscriptionId: id } });
    expect(await waitFor(async () => (await deliveries(id)).find((d) => d.jobId === accepted.body?.jobId && d.status === 'succeeded'), { timeoutMs: 30_000 }))
      .toMatchObject({ eventType: 'webhook.test', lastResponseStatus: 204 });
  });

  it('retries a receiver answering 500 and dead-letters the delivery after its attempts, visible in the history', async () => {
    const { id, secret } = await subscribe('/failing');
    const jobId = await submitNoop();
    const attempts = await verifiedAt('/failing', secret, 3, jobId);
    // The same message every time (webhook-id), each attempt signed anew.
    expect(new Set(attempts.map((a) => a.request.headers['webhook-id'])).size).toBe(1);
    const dead = await waitFor(async () => (await deliveries(id)).find((d) => d.status === 'dead_lettered'), { timeoutMs: 60_000, what: 'the dead-lettered delivery' });
    expect(dead).toMatchObject({ attempts: 3, lastResponseStatus: 500, lastError: expect.stringContaining('HTTP 500') });
    // On the Dead letters page too (a projection of its own, which may be behind the history's).
    await waitFor(async () => ((await call('query', 'GET', '/v1/dead-letters?type=webhook.deliver')).body?.items as Array<{ jobId: string }>)
      .some((l) => l.jobId === dead.jobId), { timeoutMs: 30_000, what: 'the delivery in the dead letters' });
    expect(at('/failing').filter((r) => r.body.includes(jobId))).toHaveLength(3);
  });

  it('refuses a subscription to a private address the egress settings refuse, and publishes nothing', async () => {
    const refused = await call('command', 'POST', '/v1/webhooks', { url: 'http://10.0.0.1/hook', eventTypes: ['job.failed'] });
    expect(refused).toMatchObject({ status: 400, type: expect.stringContaining('application/problem+json') });
    expect(refused.body?.errors).toEqual([{ path: '/url', message: expect.stringContaining('EGRESS_DENIED_PRIVATE_ADDRESS') }]);
    expect(refused.position).toBeNull();
    const invalid = await call('command', 'POST', '/v1/webhooks', { url: `${base}/x`, eventTypes: ['job.exploded'] });
    expect(invalid.status).toBe(400);
    const listed = (await call('query', 'GET', '/v1/webhooks')).body?.items as Array<{ url: string }>;
    expect(listed.map((w) => w.url)).not.toContain('http://10.0.0.1/hook');
  });

  it('stops delivering to a deleted subscription', async () => {
    const kept = await subscribe('/witness');
    const gone = await subscribe('/deleted');
    const first = await submitNoop();
    await verifiedAt('/deleted', gone.secret, 1, first);
    const deleted = await call('command', 'DELETE', `/v1/webhooks/${gone.id}`);
    expect(deleted.status).toBe(204);
    expect((await call('query', 'GET', `/v1/webhooks/${gone.id}?after=${deleted.position ?? ''}`)).status).toBe(404);
    expect((await call('command', 'DELETE', `/v1/webhooks/${gone.id}`)).status).toBe(404);
    const second = await submitNoop();
    // The witness subscription, still active, receives the second job's event: the planner has passed it.
    const [witnessed] = await verifiedAt('/witness', kept.secret, 1, second);
    const neverSubmitted = deliveryIds(gone.id, String(witnessed?.request.headers['webhook-id'])).jobId;
    expect((await call('query', 'GET', `/v1/jobs/${neverSubmitted}`)).status).toBe(404);
    expect(at('/deleted').filter((r) => r.body.includes(second))).toHaveLength(0);
    const audit = (await call('query', 'GET', '/v1/audit?action=webhook.delete')).body?.items as Array<{ target: string }>;
    expect(audit).toContainEqual(expect.objectContaining({ target: `webhook:${gone.id}` }));
  });
});
