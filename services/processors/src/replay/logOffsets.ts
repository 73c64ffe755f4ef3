import type { Admin } from 'kafkajs';
import type { Pool } from '@conveyor/runtime';
import { checkSchemaName } from '../projections';
import type { PartitionOffsets } from './createLogReader';

/** The high watermark of every partition: the offset the next message will get. */
export async function highWatermarks(admin: Admin, topic: string): Promise<PartitionOffsets> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)]));
}

/**
 * Where a replay starts on each partition: `earliest` is the log start; an instant (epoch milliseconds) is the
 * first message stamped at or after it (Kafka's timestamp index), or the high watermark when none is.
 */
export async function offsetsAt(admin: Admin, topic: string, at: 'earliest' | number): Promise<PartitionOffsets> {
  const bounds = await admin.fetchTopicOffsets(topic);
  if (at === 'earliest') return new Map(bounds.map((p) => [p.partition, BigInt(p.low)]));
  const high = new Map(bounds.map((p) => [p.partition, BigInt(p.high)]));
  const found = await admin.fetchTopicOffsetsByTimestamp(topic, at);
  return new Map(found.map((p) => [p.partition, BigInt(p.offset) < 0n ? (high.get(p.partition) ?? 0n) : BigInt(p.offset)]));
}

/** The next offsets stored by the projections of a read-model schema on one topic (absent partition: none yet). */
export async function storedOffsets(pool: Pool, schema: string, topic: string, projections: readonly string[]): Promise<PartitionOffsets> {
  const { rows } = await pool.query<{ partition: number; next: string }>(
    `select partition, min(next_offset)::text as next from ${checkSchemaName(schema)}.projection_offsets
     where projection = any($1) and topic = $2 group by partition`, [projections, topic]);
  return new Map(rows.map((r) => [r.partition, BigInt(r.next)]));
}

/** Writes starting offsets into a schema's projection offsets where it has none yet (a fresh shadow). */
export async function seedOffsets(pool: Pool, schema: string, topic: string, projections: readonly string[], offsets: PartitionOffsets): Promise<void> {
  const entries = [...offsets];
  await pool.query(
    `insert into ${checkSchemaName(schema)}.projection_offsets (projection, topic, partition, next_offset)
     select p, $2, part, off from unnest($1::text[]) as p
     cross join unnest($3::int[], $4::bigint[]) as o(part, off)
     on conflict do nothing`,
    [projections, topic, entries.map(([p]) => p), entries.map(([, o]) => o.toString())]);
}

/** Messages between two positions, summed over partitions (never negative per partition). */
export function distance(from: PartitionOffsets, to: PartitionOffsets): number {
  let n = 0n;
  for (const [p, end] of to) {
    const start = from.get(p) ?? 0n;
    if (end > start) n += end - start;
  }
  return Number(n);
}

/** Fills partitions missing from `offsets` with `fallback`'s value (or 0). */
export function withDefaults(offsets: PartitionOffsets, fallback: PartitionOffsets): PartitionOffsets {
  const out = new Map(offsets);
  for (const [p, o] of fallback) if (!out.has(p)) out.set(p, o);
  return out;
}
