import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from '@conveyor/errors';
import { eventMessage, type QueueEvent, type QueueMetadata } from '@conveyor/events';
import { isQueueName, queueNamePattern, type EventSerde } from '@conveyor/kafka';
import type { LogPosition } from '@conveyor/read-model';
import { publishAcknowledged, type AcknowledgedPublisher } from '../kafka/publishAcknowledged';

export interface QueueServiceDeps {
  /** Serde of the admin-events topic with `queueEventSchemas`, registerAll() already called. */
  serde: Pick<EventSerde, 'encode'>;
  publisher: AcknowledgedPublisher;
  /** The admin-events topic, prefix included. */
  topic: string;
  /** How long to wait for Kafka's acknowledgement, in milliseconds; then 503. */
  timeoutMs: number;
  now: () => number;
}

/** What pausing or resuming answers: the queue's state and where the event is in the log. */
export interface QueueState {
  queue: string;
  paused: boolean;
  positions: LogPosition[];
}

/** The body POST /v1/queues/{queue}/pause takes (optional). */
export const queuePauseSchema = z.object({ reason: z.string().min(1).max(500).optional() }).strict();

/** A queue name from the path; 400 with the pointer when it cannot name a queue. */
export function parseQueueName(name: string | undefined): string {
  if (name === undefined || !isQueueName(name)) {
    throw new ValidationError('invalid queue name', [{ path: '/path/queue', message: `must match ${String(queueNamePattern)}` }]);
  }
  return name;
}

/**
 * Pauses and resumes queues (public): QueuePaused / QueueResumed on conveyor.admin-events, keyed by
 * queue name, that every worker of the queue obeys (it stops fetching the queue's work topics, or
 * fetches them again). Idempotent: pausing a paused queue publishes the fact again, which changes nothing.
 */
export function createQueueService(deps: QueueServiceDeps) {
  const publish = async (event: QueueEvent): Promise<LogPosition[]> => {
    const m = event.data.meta;
    const value = await deps.serde.encode(event.type, event.data);
    return publishAcknowledged(deps.publisher, [{ topic: deps.topic, message: eventMessage({ type: event.type, key: m.queue, occurredAt: m.occurredAt }, value) }], deps.timeoutMs);
  };
  const meta = (queue: string, actor: string): QueueMetadata => ({ eventId: randomUUID(), queue, occurredAt: deps.now(), actor, traceparent: null, tracestate: null });
  return {
    async pause(queue: string, actor: string, reason: string | null): Promise<QueueState> {
      const positions = await publish({ type: 'QueuePaused', data: { meta: meta(queue, actor), reason } });
      return { queue, paused: true, positions };
    },
    async resume(queue: string, actor: string): Promise<QueueState> {
      const positions = await publish({ type: 'QueueResumed', data: { meta: meta(queue, actor) } });
      return { queue, paused: false, positions };
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
