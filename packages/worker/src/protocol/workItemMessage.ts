import type { JobWorkItem } from '@conveyor/events';
import type { OutgoingMessage } from '@conveyor/kafka';
import type { QueueWork } from './createWorkSerdes';

/**
 * A work item as the message the workers consume (public through `@conveyor/worker/engine`: the dispatcher's
 * publisher and the command API's direct dispatch write it alike; docs/worker-protocol.md): onto its queue's work topic of its priority, keyed by its concurrency key or
 * else its job id, Avro with the topic's registered schema, the trace context in the headers.
 */
export async function workItemMessage(work: QueueWork, item: JobWorkItem): Promise<OutgoingMessage> {
  const headers: Record<string, string> = {};
  if (item.traceparent) headers.traceparent = item.traceparent;
  if (item.tracestate) headers.tracestate = item.tracestate;
  return {
    topic: work.topics[item.priority],
    message: { key: item.concurrencyKey ?? item.jobId, value: await work.serdes[item.priority].encode('JobWorkItem', item), headers },
  };
}
