import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { context, propagation, trace, type Context } from '@opentelemetry/api';
import { createInstrumentations, patchLoadedModules } from './instrumentations';

/** Spans are still created and propagated without a collector; they are simply not exported. */
const discardingExporter: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

let started = false;

/**
 * Starts the OpenTelemetry SDK with W3C trace context and the instrumentations of
 * `createInstrumentations` (Postgres queries, outbound HTTP through fetch/undici and node:http,
 * Koa middleware and routes). Exports over OTLP/HTTP when `otlpEndpoint` is set
 * (e.g. http://otel-collector:4318); `spanProcessors` replaces the exporter (tests pass an
 * in-memory one). Kafka spans are not instrumented: the publishers and consumers carry the
 * context in headers and the events' `meta.traceparent` themselves. Returns a shutdown function (public).
 */
export function startTracing(options: {
  service: string;
  otlpEndpoint?: string | undefined;
  spanProcessors?: SpanProcessor[];
}): () => Promise<void> {
  // One SDK per process: services started in-process by tests (and the processors' own guard) would
  // otherwise patch the instrumented modules twice and record every span twice. The first start wins.
  if (started) return async () => undefined;
  // Metrics go through prom-client and logs through pino; the SDK only handles traces.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const exporter = options.otlpEndpoint
    ? new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` })
    : discardingExporter;
  const instrumentations = createInstrumentations();
  const sdk = new NodeSDK({
    serviceName: options.service,
    spanProcessors: options.spanProcessors ?? [new BatchSpanProcessor(exporter)],
    instrumentations: [...instrumentations],
  });
  sdk.start();
  started = true;
  patchLoadedModules(instrumentations);
  return async () => {
    started = false;
    await sdk.shutdown();
  };
}

/** Writes the active (or given) context into a carrier such as HTTP or Kafka headers. */
export function injectTraceContext(carrier: Record<string, string>, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Reads a W3C trace context from headers whose values may be strings or Buffers. */
export function extractTraceContext(headers: Record<string, unknown> | undefined): Context {
  const carrier: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (typeof v === 'string') carrier[k] = v;
    else if (Buffer.isBuffer(v)) carrier[k] = v.toString('utf8');
    else if (Array.isArray(v) && v.length) carrier[k] = String(v[0]);
  }
  return propagation.extract(context.active(), carrier);
}

/** The trace id of a W3C traceparent header value, or null. */
export function traceIdOf(traceparent: string | null | undefined): string | null {
  const m = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(traceparent ?? '');
  return m ? (m[1] as string) : null;
}

/** The active span's trace id, or undefined outside a span. */
export function activeTraceId(): string | undefined {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  return id && !/^0+$/.test(id) ? id : undefined;
}

export const tracer = () => trace.getTracer('conveyor');
