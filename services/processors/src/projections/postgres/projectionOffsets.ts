import type { PoolClient } from '@conveyor/runtime';

/** One partition of one topic. */
export interface PartitionKey {
  topic: string;
  partition: number;
}

/**
 * Locks (`for update`) the offset rows of the given projections on one partition and returns their
 * common next offset. A projection without a row starts where the others are (0 on a new database).
 * The projections are written in one transaction, so their offsets move together; rows that disagree
 * mean someone edited them by hand, and the batch fails loudly rather than count anything twice.
 */
export async function lockNextOffset(client: PoolClient, projections: readonly string[], at: PartitionKey): Promise<bigint> {
  await client.query(
    `insert into projection_offsets (projection, topic, partition, next_offset)
     select p, $2, $3, coalesce((select max(next_offset) from projection_offsets
                                 where projection = any($1) and topic = $2 and partition = $3), 0)
     from unnest($1::text[]) as p
     on conflict do nothing`,
    [projections, at.topic, at.partition]);
  const { rows } = await client.query<{ projection: string; next_offset: string }>(
    `select projection, next_offset from projection_offsets
     where projection = any($1) and topic = $2 and partition = $3 order by projection for update`,
    [projections, at.topic, at.partition]);
  const offsets = new Set(rows.map((r) => r.next_offset));
  if (offsets.size !== 1) {
    throw new Error(`projection offsets disagree on ${at.topic}[${at.partition}]: ${rows.map((r) => `${r.projection}=${r.next_offset}`).join(', ')}`);
  }
  return BigInt(rows[0]?.next_offset ?? '0');
}

/** Moves the projections' next offset on one partition (within the batch's transaction). */
export async function saveNextOffset(client: PoolClient, projections: readonly string[], at: PartitionKey, next: bigint): Promise<void> {
  await client.query(
    `update projection_offsets set next_offset = $4, updated_at = now()
     where projection = any($1) and topic = $2 and partition = $3`,
    [projections, at.topic, at.partition, next.toString()]);
}
