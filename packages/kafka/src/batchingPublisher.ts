import type { Message, Producer } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  message: Message;
}

export interface BatchingPublisherOptions {
  /** Whatever sends one batch: an idempotent producer, or a transactional sender (one transaction per batch). */
  producer: Pick<Producer, 'sendBatch'>;
  /** How long to wait for more messages after the first, in milliseconds (kafkajs has no linger of its own). */
  lingerMs?: number;
  /** Flush at once when this many messages are waiting. */
  maxBatchMessages?: number;
  /**
   * Messages waiting (not yet handed to the producer) at most; a publish beyond it is refused at once with
   * {@link PublisherQueueFullError}, so a broker outage cannot grow the queue without bound. Default 50,000.
   */
  maxQueuedMessages?: number;
  /** Called after each acknowledged batch with the count per topic and how long the send took (in milliseconds). */
  onAcked?: (countsByTopic: Map<string, number>, batch: { messages: number; durationMs: number }) => void;
}

interface Pending {
  items: OutgoingMessage[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Thrown when a publish is refused because the queue is at `maxQueuedMessages`: nothing of it was published (public). */
export class PublisherQueueFullError extends Error {
  constructor(readonly limit: number) {
    super(`the publisher queue holds its maximum of ${limit} messages (is the broker reachable?)`);
    this.name = 'PublisherQueueFullError';
  }
}

/** A publish in the queue: its acknowledgement, and a way to take it back while it is not yet sent (public). */
export interface EnqueuedPublish {
  /** Resolves once every message is acknowledged by all in-sync replicas. */
  acknowledged: Promise<void>;
  /**
   * Takes the messages back if they were not yet handed to the producer: true means they were not and
   * will never be published (and `acknowledged` never settles); false means they are in flight, their
   * fate is Kafka's answer.
   */
  withdraw(): boolean;
}

/**
 * Merges concurrent publishes into one `sendBatch` (acks=all) within a small linger window; while one
 * batch is in flight the next one fills. Each caller's promise settles only when the batch holding its
 * own messages is acknowledged, so an HTTP 202 can mean "durable in Kafka" (public).
 */
export function createBatchingPublisher(options: BatchingPublisherOptions) {
  const lingerMs = options.lingerMs ?? 1;
  const maxBatch = options.maxBatchMessages ?? 5000;
  const maxQueued = options.maxQueuedMessages ?? 50_000;
  if (!(maxQueued >= 1)) throw new RangeError('maxQueuedMessages must be at least 1');
  let waiting: Pending[] = [];
  let waitingCount = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let inFlightSince = 0;

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (inFlight) return; // the in-flight send flushes again when it settles
    if (!waiting.length) return;
    const batch = waiting;
    waiting = [];
    waitingCount = 0;
    const byTopic = new Map<string, Message[]>();
    for (const p of batch) for (const { topic, message } of p.items) {
      const list = byTopic.get(topic) ?? [];
      list.push(message);
      byTopic.set(topic, list);
    }
    const sentAt = performance.now();
    inFlightSince = sentAt;
    inFlight = options.producer
      .sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) })
      .then(() => {
        const counts = new Map([...byTopic].map(([t, m]) => [t, m.length]));
        let messages = 0;
        for (const n of counts.values()) messages += n;
        options.onAcked?.(counts, { messages, durationMs: performance.now() - sentAt });
        batch.forEach((p) => p.resolve());
      }, (err) => batch.forEach((p) => p.reject(err)))
      .finally(() => {
        inFlight = undefined;
        if (waiting.length) void flush();
      });
  };

  const enqueue = (items: OutgoingMessage[]): EnqueuedPublish => {
    if (!items.length) return { acknowledged: Promise.resolve(), withdraw: () => false };
    if (waitingCount + items.length > maxQueued) return { acknowledged: Promise.reject(new PublisherQueueFullError(maxQueued)), withdraw: () => true };
    let pending: Pending | undefined;
    const acknowledged = new Promise<void>((resolve, reject) => {
      pending = { items, resolve, reject };
    });
    const entry = pending as Pending;
    waiting.push(entry);
    waitingCount += items.length;
    if (waitingCount >= maxBatch) void flush();
    else if (!timer && !inFlight) timer = setTimeout(() => void flush(), lingerMs);
    return {
      acknowledged,
      withdraw() {
        const i = waiting.indexOf(entry);
        if (i < 0) return false; // handed to the producer already
        waiting.splice(i, 1);
        waitingCount -= items.length;
        return true;
      },
    };
  };

  return {
    /** Resolves once every given message is acknowledged by all in-sync replicas. */
    publish(items: OutgoingMessage[]): Promise<void> {
      return enqueue(items).acknowledged;
    },
    /** Queues messages for the next batch; the caller may withdraw them until they are sent (see {@link EnqueuedPublish}). */
    enqueue,
    /** How long the batch in flight has waited for Kafka, in milliseconds (0 when none): readiness reads it. */
    get inFlightForMs(): number {
      return inFlight ? performance.now() - inFlightSince : 0;
    },
    /** Messages waiting for the next batch (not counting the one in flight). */
    get queued(): number {
      return waitingCount;
    },
    /** Sends what is waiting and waits for the in-flight batch (for shutdown). */
    async drain(): Promise<void> {
      while (waiting.length || inFlight) {
        await flush();
        if (inFlight) await inFlight.catch(() => undefined);
      }
    },
  };
}

export type BatchingPublisher = ReturnType<typeof createBatchingPublisher>;
