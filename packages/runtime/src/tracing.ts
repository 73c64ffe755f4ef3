import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { context, propagation, trace, type Context } from '@opentelemetry/api';
import { createInstrumentations, patchLoadedModules } from './instrumentations';

let started = false;

/**
 * What `startTracing` records (pure): spans of every instrumented library (Postgres queries, Koa layers,
 * outbound HTTP) only when something receives them, an OTLP endpoint or the caller's span processors (tests).
 * Without either, only the trace context is kept: W3C propagation and the spans the code opens itself (the
 * SERVER span of `observeRequests`, whose trace id a 5xx carries and the command API writes into its events),
 * dropped when they end. Issue 13: recording a pg and a Koa span per request into a discarding
 * exporter halved the query API's throughput in process.
 */
export function tracingMode(options: { otlpEndpoint?: string | undefined; spanProcessors?: SpanProcessor[] | undefined }): 'export' | 'context-only' {
  return options.otlpEndpoint || options.spanProcessors ? 'export' : 'context-only';
}

/**
 * Starts the OpenTelemetry SDK with W3C trace context. Exports over OTLP/HTTP when `otlpEndpoint` is set
 * (e.g. http://otel-collector:4318); `spanProcessors` replaces the exporter (tests pass an in-memory one).
 * In both cases the instrumentations of `createInstrumentations` record Postgres queries, outbound HTTP
 * through fetch/undici and node:http, and Koa routes; with neither, nothing is instrumented and the
 * trace context alone is propagated (`tracingMode`). Kafka spans are not instrumented: the publishers and
 * consumers carry the context in headers and the events' `meta.traceparent` themselves. Returns a shutdown
 * function (public).
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
  const instrumentations = tracingMode(options) === 'export' ? createInstrumentations() : undefined;
  const sdk = new NodeSDK({
    serviceName: options.service,
    // Without a receiver, a processor that drops every span: the SDK registers its tracer provider only with a
    // processor, and that provider gives a request without a traceparent a trace id of its own (a 5xx shows it).
    spanProcessors: options.spanProcessors ?? [options.otlpEndpoint
      ? new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` }))
      : new NoopSpanProcessor()],
    instrumentations: instrumentations ? [...instrumentations] : [],
  });
  sdk.start();
  started = true;
  const unpatch = instrumentations ? patchLoadedModules(instrumentations) : () => undefined;
  return async () => {
    started = false;
    await sdk.shutdown();
    // NodeSDK's shutdown flushes the spans and leaves everything else in place: the wraps of node:http, pg and
    // Koa, the subscriptions to undici's diagnostics channels, and the API's global provider, context manager
    // and propagator. node:http and those channels belong to the whole process, so whatever ran next in it (in
    // Jest, every later test file, each with a module registry of its own) still went through this SDK's code.
    unpatch();
    for (const instrumentation of instrumentations ?? []) instrumentation.disable();
    trace.disable();
    context.disable();
    propagation.disable();
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
