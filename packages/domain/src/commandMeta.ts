import type { EventMetadata } from '@conveyor/events';

/**
 * What every command carries besides its own fields: ids and time come from an injected clock and
 * id generator in the adapter, so deciders never read a clock (pure).
 */
export interface CommandMeta {
  eventId: string;
  now: number;
  actor: string;
  traceparent: string | null;
  tracestate: string | null;
  causationId?: string | null;
  replay?: boolean;
}

export function eventMetadata(jobId: string, meta: CommandMeta): EventMetadata {
  return {
    eventId: meta.eventId, jobId, occurredAt: meta.now, actor: meta.actor,
    traceparent: meta.traceparent, tracestate: meta.tracestate,
    replay: meta.replay ?? false, causationId: meta.causationId ?? null,
  };
}
