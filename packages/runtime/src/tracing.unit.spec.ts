import { context, trace } from '@opentelemetry/api';
import { Client } from 'pg';
import { extractTraceContext, injectTraceContext, startTracing, tracer, tracingMode } from './tracing';

/** shimmer marks what it wrapped with `__wrapped`. */
const wrapped = (fn: unknown) => typeof fn === 'function' && (fn as { __wrapped?: boolean }).__wrapped === true;

describe('tracingMode', () => {
  it('records the instrumented libraries only when an exporter or span processors receive the spans', () => {
    expect(tracingMode({ otlpEndpoint: 'http://collector:4318' })).toBe('export');
    expect(tracingMode({ spanProcessors: [] })).toBe('export');
    expect(tracingMode({})).toBe('context-only');
    expect(tracingMode({ otlpEndpoint: '' })).toBe('context-only');
  });
});

describe('startTracing without an exporter', () => {
  let stop: () => Promise<void>;
  beforeAll(() => {
    stop = startTracing({ service: 'context-only-test' });
  });
  afterAll(() => stop());

  it('patches nothing: a Postgres query records no span', () => {
    expect(wrapped(Client.prototype.query)).toBe(false);
  });

  it('continues the caller\'s trace into what the request writes, and gives a request without one a trace id', () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const parent = extractTraceContext({ traceparent: `00-${traceId}-b7ad6b7169203331-01` });
    const span = tracer().startSpan('GET /v1/jobs', {}, parent);
    const carrier = context.with(trace.setSpan(parent, span), () => injectTraceContext({}));
    span.end();
    expect(carrier.traceparent).toMatch(new RegExp(`^00-${traceId}-[\\da-f]{16}-01$`));

    const root = tracer().startSpan('GET /v1/jobs');
    expect(root.spanContext().traceId).toMatch(/^(?!0+$)[\da-f]{32}$/);
    root.end();
  });
});
