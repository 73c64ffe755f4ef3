import { SpanKind, context, propagation } from '@opentelemetry/api';
import { tracer } from './tracing';

/** What `recordEventSpans` reads of an event: its type and the trace context in its metadata. */
export interface TracedEvent {
  type: string;
  data: { meta: { jobId: string; traceparent?: string | null; tracestate?: string | null } };
}

/**
 * Records one finished CONSUMER span per event, named `<action> <event type>` and parented by the
 * trace context the event carries (`meta.traceparent`), spanning `startTime` (epoch milliseconds) to
 * now. Batch consumers (the dispatcher, the projector) handle many jobs' events in one transaction:
 * this puts their step into each job's trace without wrapping every event in its own async work (public).
 * Events without a trace context, and nulls (poison messages), are skipped.
 */
export function recordEventSpans(action: string, events: Iterable<TracedEvent | null>, startTime: number): void {
  const end = Date.now();
  for (const event of events) {
    const meta = event?.data.meta;
    if (!event || !meta?.traceparent) continue;
    const parent = propagation.extract(context.active(), { traceparent: meta.traceparent, ...(meta.tracestate ? { tracestate: meta.tracestate } : {}) });
    tracer().startSpan(`${action} ${event.type}`, {
      kind: SpanKind.CONSUMER, startTime,
      attributes: { 'messaging.system': 'kafka', 'conveyor.job.id': meta.jobId, 'conveyor.event.type': event.type },
    }, parent).end(end);
  }
}
