import type { Kafka } from 'kafkajs';
import type { Pool } from '@conveyor/runtime';
import { checkSchemaName, defaultReadModelSchema } from './readModelSchema';

/** A stored offset that the log cannot have produced. */
export interface OffsetBeyondLog {
  projection: string;
  topic: string;
  partition: number;
  nextOffset: bigint;
  logEnd: bigint;
}

/**
 * The stored offsets that lie beyond the end of their partition (pure). A read model's offsets can
 * only be at or below the log's end; one beyond it was projected from another log (a wiped or
 * different Kafka cluster, a re-created topic).
 */
export function offsetsBeyondLog(
  stored: ReadonlyArray<{ projection: string; topic: string; partition: number; nextOffset: bigint }>,
  logEnds: ReadonlyMap<string, bigint>,
): OffsetBeyondLog[] {
  return stored.flatMap((s) => {
    const logEnd = logEnds.get(`${s.topic}/${s.partition}`) ?? 0n;
    return s.nextOffset > logEnd ? [{ ...s, logEnd }] : [];
  });
}

/**
 * Refuses to start a projection over a log its read model was not built from (public): the stored
 * offsets are compared with the partitions' ends, and any offset beyond the end stops the start with
 * an error naming it, instead of silently skipping the new log's events as "already applied".
 */
export async function assertOffsetsWithinLog(options: { kafka: Kafka; pool: Pool; projections: readonly string[]; topics: readonly string[]; schema?: string }): Promise<void> {
  const schema = checkSchemaName(options.schema ?? defaultReadModelSchema);
  const { rows } = await options.pool.query<{ projection: string; topic: string; partition: number; next_offset: string }>(
    `select projection, topic, partition, next_offset from ${schema}.projection_offsets where projection = any($1) and topic = any($2)`,
    [options.projections, options.topics]);
  if (!rows.length) return;
  const admin = options.kafka.admin();
  await admin.connect();
  const logEnds = new Map<string, bigint>();
  try {
    for (const topic of options.topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) logEnds.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
  } finally {
    await admin.disconnect();
  }
  const beyond = offsetsBeyondLog(rows.map((r) => ({ projection: r.projection, topic: r.topic, partition: r.partition, nextOffset: BigInt(r.next_offset) })), logEnds);
  if (!beyond.length) return;
  const first = beyond[0] as OffsetBeyondLog;
  throw new Error(
    `the read model in schema ${schema} was projected from another Kafka log: projection ${first.projection} is at offset ` +
    `${first.nextOffset} of ${first.topic}[${first.partition}], but that partition ends at ${first.logEnd} ` +
    `(${beyond.length} partition offsets beyond the log). The Kafka data was wiped or this is another cluster: point ` +
    'DATABASE_URL at a new database (the read models rebuild from the log), or restore the Kafka data.');
}
