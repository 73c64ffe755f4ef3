import type { Message, Producer } from 'kafkajs';

export interface OutgoingMessage {
  topic: string;
  message: Message;
}

export interface BatchingPublisherOptions {
  producer: Producer;
  /** How long to wait for more messages after the first, in milliseconds (kafkajs has no linger of its own). */
  lingerMs?: number;
  /** Flush at once when this many messages are waiting. */
  maxBatchMessages?: number;
  /** Called after each acknowledged batch with the count per topic and how long the send took (in milliseconds). */
  onAcked?: (countsByTopic: Map<string, number>, batch: { messages: number; durationMs: number }) => void;
}

interface Pending {
  items: OutgoingMessage[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Merges concurrent publishes into one `sendBatch` (acks=all) within a small linger window; while one
 * batch is in flight the next one fills. Each caller's promise settles only when the batch holding its
 * own messages is acknowledged, so an HTTP 202 can mean "durable in Kafka" (public).
 */
export function createBatchingPublisher(options: BatchingPublisherOptions) {
  const lingerMs = options.lingerMs ?? 1;
  const maxBatch = options.maxBatchMessages ?? 5000;
  let waiting: Pending[] = [];
  let waitingCount = 0;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;

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

  return {
    /** Resolves once every given message is acknowledged by all in-sync replicas. */
    publish(items: OutgoingMessage[]): Promise<void> {
      if (!items.length) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ items, resolve, reject });
        waitingCount += items.length;
        if (waitingCount >= maxBatch) void flush();
        else if (!timer && !inFlight) timer = setTimeout(() => void flush(), lingerMs);
      });
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
