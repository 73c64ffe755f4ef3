import { prepared, type Pool, type PoolClient } from '@conveyor/runtime';
import { runWrites, type WritePart } from './batchWrites';

/** One partition of one topic. */
export interface PartitionKey {
  topic: string;
  partition: number;
}

/**
 * Locks the offset rows of the given projections on one partition and returns their common next offset,
 * in one statement: an upsert whose conflict branch rewrites the row unchanged, which locks it and returns
 * its latest committed value (after waiting for a transaction that holds it). A projection without a row
 * starts where the others are (0 on a new database). The projections are written in one transaction, so
 * their offsets move together; rows that disagree mean someone edited them by hand, and the batch fails
 * loudly rather than count anything twice.
 */
export async function lockNextOffset(client: PoolClient, projections: readonly string[], at: PartitionKey): Promise<bigint> {
  const { rows } = await client.query<{ projection: string; next_offset: string }>(prepared(
    `insert into projection_offsets as o (projection, topic, partition, next_offset)
     select p, $2, $3, coalesce((select max(next_offset) from projection_offsets
                                 where projection = any($1) and topic = $2 and partition = $3), 0)
     from unnest($1::text[]) as p
     order by p
     on conflict (projection, topic, partition) do update set next_offset = o.next_offset
     returning projection, next_offset`,
    [projections, at.topic, at.partition]));
  const offsets = new Set(rows.map((r) => r.next_offset));
  if (offsets.size !== 1) {
    throw new Error(`projection offsets disagree on ${at.topic}[${at.partition}]: ${rows.map((r) => `${r.projection}=${r.next_offset}`).join(', ')}`);
  }
  return BigInt(rows[0]?.next_offset ?? '0');
}

/** The write that moves the projections' next offset on one partition (a part of a batch's one write statement). */
export function saveNextOffsetPart(projections: readonly string[], at: PartitionKey, next: bigint): WritePart {
  return {
    name: 'offsets_moved',
    sql: (param) => `update projection_offsets set next_offset = ${param(next.toString())}, updated_at = now()
     where projection = any(${param(projections)}) and topic = ${param(at.topic)} and partition = ${param(at.partition)}
     returning 1`,
  };
}

/** Moves the projections' next offset on one partition (within the batch's transaction). */
export async function saveNextOffset(client: PoolClient, projections: readonly string[], at: PartitionKey, next: bigint): Promise<void> {
  await runWrites(client, [saveNextOffsetPart(projections, at, next)]);
}

/**
 * Moves the projections' next offset past a batch that holds nothing they apply, in one statement of its own
 * (no transaction): the same end as locking the offsets, applying nothing and saving, in one round trip
 * instead of four. Forward only: a row already at or past `next` stays as it is, so the offset never moves
 * back under a batch applied at the same time (a rebalance hands a partition over). It creates the rows a
 * first batch would.
 */
export async function skipToOffset(pool: Pick<Pool, 'query'>, projections: readonly string[], at: PartitionKey, next: bigint): Promise<void> {
  await pool.query(prepared(
    `insert into projection_offsets as o (projection, topic, partition, next_offset)
     select p, $2, $3, $4 from unnest($1::text[]) as p
     on conflict (projection, topic, partition) do update
       set next_offset = excluded.next_offset, updated_at = now() where o.next_offset < excluded.next_offset`,
    [projections, at.topic, at.partition, next.toString()]));
}
