import type { Kafka, KafkaMessage } from 'kafkajs';
import { uniqueName } from './uniqueName';
import { waitFor } from './waitFor';

/** One record read back, with where it was. */
export interface ReadRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/**
 * Every record of the topics from their start up to their ends as they are now, read by a fresh consumer
 * group (read-committed, as ours are). Done when each partition's position reached its high watermark,
 * counting the offsets that hold no record: a committed transaction's markers take offsets too, so a
 * count of records is not a difference of offsets, and a log may end in a marker.
 */
export async function readTopicToEnd(kafka: Kafka, topics: readonly string[], options: { timeoutMs?: number } = {}): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map<string, bigint>();
  try {
    for (const topic of topics) for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) ends.set(`${topic}/${p.partition}`, BigInt(p.high));
  } finally {
    await admin.disconnect();
  }
  const records: ReadRecord[] = [];
  if (!ends.size) return records;
  const reached = new Map<string, bigint>();
  const consumer = kafka.consumer({ groupId: uniqueName('read-to-end'), maxWaitTimeInMs: 200 });
  // A batch's last offset counts its markers, even for a batch of markers only (which never reaches eachBatch).
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    reached.set(`${payload.topic}/${payload.partition}`, BigInt(payload.lastOffset) + 1n);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) if (BigInt(message.offset) < (ends.get(`${batch.topic}/${batch.partition}`) ?? 0n)) records.push({ topic: batch.topic, partition: batch.partition, message });
      },
    });
    await waitFor(() => [...ends].every(([tp, end]) => (reached.get(tp) ?? 0n) >= end) || undefined, {
      what: `every record of ${topics.join(', ')}`, timeoutMs: options.timeoutMs ?? 30_000,
    });
    return records;
  } finally {
    await consumer.disconnect();
  }
}
