import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
// Loaded before tracing starts, as in every service: startTracing must still patch pg and koa.
import { createLogger, createMetrics, createPgPool, observeRequests, startTracing, tracer, type Pool } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';

/** Issue 17: a webhook call and a Postgres query are visible in the trace, under the span that made them. */
describe('tracing instrumentations', () => {
  const exporter = new InMemorySpanExporter();
  let stopTracing: () => Promise<void>;
  let pool: Pool;
  let hook: Server;
  let hookUrl: string;

  beforeAll(async () => {
    stopTracing = startTracing({ service: 'tracing-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    pool = createPgPool({ url: stackEndpoints().databaseUrl, name: 'tracing-test', max: 2 });
    hook = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    await pool.end();
    await new Promise((resolve) => hook.close(resolve));
    await stopTracing();
  });

  beforeEach(() => exporter.reset());

  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const spansOf = (traceId: string) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);

  it('records a pg query and an outbound fetch as children of the active span', async () => {
    const { traceId, spanId } = await tracer().startActiveSpan('process http.request', { kind: SpanKind.CONSUMER }, async (span) => {
      await pool.query('select 1 as one');
      expect((await fetch(hookUrl, { method: 'POST', body: '{}' })).status).toBe(200);
      span.end();
      return span.spanContext();
    });

    const spans = spansOf(traceId);
    const query = spans.find((s) => s.attributes['db.system'] === 'postgresql' && /select 1/.test(String(s.attributes['db.statement'] ?? s.attributes['db.query.text'])));
    const call = spans.find((s) => s.kind === SpanKind.CLIENT && s.name.startsWith('POST'));
    expect(query).toBeDefined();
    expect(parentOf(query!)).toBe(spanId);
    expect(call).toBeDefined();
    expect(parentOf(call!)).toBe(spanId);
    expect(call!.attributes['url.full']).toBe(hookUrl);
  });

  it('creates no spans for queries outside a trace (polling loops stay quiet)', async () => {
    await pool.query('select 2 as two');
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('puts the queries of a Koa route under the request span of observeRequests', async () => {
    const app = new Koa();
    app.use(observeRequests({ metrics: createMetrics('tracing-test'), logger: createLogger({ service: 'tracing-test', level: 'silent' }) }));
    app.use(async function readJob(ctx) {
      ctx.body = (await pool.query<{ n: number }>('select 3 as n')).rows[0];
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const caller = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/jobs/x`, { headers: { traceparent: caller } });
      expect(await res.json()).toEqual({ n: 3 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }

    const spans = spansOf('0af7651916cd43dd8448eb211c80319c');
    const request = spans.find((s) => s.kind === SpanKind.SERVER);
    const query = spans.find((s) => s.attributes['db.system'] === 'postgresql');
    expect(request && parentOf(request)).toBe('b7ad6b7169203331');
    expect(query && parentOf(query)).toBe(request!.spanContext().spanId);
    // Plain middlewares make no spans of their own (router layers do: see traceJourney.int.spec.ts).
    expect(spans.filter((s) => s.name.startsWith('middleware'))).toEqual([]);
  });
});
