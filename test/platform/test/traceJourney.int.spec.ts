import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { createLogger, startTracing } from '@conveyor/runtime';
import { authHeaders, stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Issue 17: one webhook job's trace, from the submitting request and its publish through the dispatcher, the executor
 * (with the outbound call) and the projector, every span under the caller's trace.
 */
describe('a job journey in one trace', () => {
  const exporter = new InMemorySpanExporter();
  let stopTracing: () => Promise<void>;
  let platform: InProcessPlatform;
  let hook: Server;
  let hookUrl: string;

  beforeAll(async () => {
    // Started before the platform: its services' own startTracing calls then leave this one in place.
    stopTracing = startTracing({ service: 'journey-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    hook = createServer((_req, res) => res.end('delivered'));
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    platform = await startInProcessPlatform({ endpoints: stackEndpoints(), logger: createLogger({ service: 'journey-test', level: 'silent' }) });
  });

  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => hook.close(resolve));
    await stopTracing();
  });

  it('lists the request, publish, dispatch, attempt, webhook call, queries and projections of the job', async () => {
    const traceId = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
    const res = await fetch(`${platform.commandApi}/v1/jobs`, {
      method: 'POST',
      headers: { ...authHeaders(platform.apiKey), 'content-type': 'application/json', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
      body: JSON.stringify({ type: 'http.request', payload: { url: hookUrl, body: { order: 42 } } }),
    });
    expect(res.status).toBe(202);
    const { jobId } = await res.json() as { jobId: string };

    const spans = await waitFor(() => {
      const mine = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      return mine.some((s) => s.name === 'project JobSucceeded') && mine;
    }, { timeoutMs: 60_000, what: 'the JobSucceeded projection span' });

    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const depth = (s: ReadableSpan): number => {
      const parent = s.parentSpanContext?.spanId;
      return parent && byId.has(parent) ? depth(byId.get(parent)!) + 1 : 0;
    };
    const journey = [...spans].sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    // The trace as a tree, for the eye (jest prints it with --verbose).
    console.log(`trace ${traceId} (job ${jobId}):\n${journey.map((s) => `${'  '.repeat(depth(s))}${s.name} [${s.resource.attributes['service.name']}, ${SpanKind[s.kind]}]`).join('\n')}`);

    const named = (pattern: RegExp) => spans.filter((s) => pattern.test(s.name));
    const request = named(/^POST \/v1\/jobs$/).find((s) => s.kind === SpanKind.SERVER);
    expect(request?.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    const route = named(/^router - \/v1\/jobs$/)[0];
    expect(route?.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    const publish = named(/^publish JobSubmitted$/)[0];
    expect(publish?.kind).toBe(SpanKind.PRODUCER);
    expect([request!.spanContext().spanId, route!.spanContext().spanId]).toContain(publish?.parentSpanContext?.spanId);
    expect(named(/^dispatch JobSubmitted$/)).toHaveLength(1);
    const attempt = named(/^process http\.request$/)[0];
    expect(attempt).toBeDefined();
    const webhook = spans.find((s) => s.kind === SpanKind.CLIENT && s.attributes['url.full'] === hookUrl);
    expect(webhook?.parentSpanContext?.spanId).toBe(attempt!.spanContext().spanId);
    expect(spans.some((s) => s.attributes['db.system'] === 'postgresql')).toBe(true);
    for (const event of ['JobSubmitted', 'JobStarted', 'JobSucceeded']) expect(named(new RegExp(`^project ${event}$`))).toHaveLength(1);
  });
});
