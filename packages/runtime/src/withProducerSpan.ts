import { SpanKind, SpanStatusCode, context, trace, type Attributes } from '@opentelemetry/api';
import { tracer } from './tracing';

/**
 * Runs `publish` inside a PRODUCER span named `name`, a child of the active span (the request's),
 * from the hand-over to Kafka until the publish settles; a rejection marks the span as an error (public).
 * The events keep the trace context they were given, so the consumers' spans stay the request's children.
 */
export async function withProducerSpan<T>(name: string, attributes: Attributes, publish: () => Promise<T>): Promise<T> {
  const span = tracer().startSpan(name, { kind: SpanKind.PRODUCER, attributes: { 'messaging.system': 'kafka', ...attributes } });
  try {
    return await context.with(trace.setSpan(context.active(), span), publish);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}
