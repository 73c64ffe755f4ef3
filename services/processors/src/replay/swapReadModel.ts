import type { PoolClient } from '@conveyor/runtime';
import { checkSchemaName, type ProjectionTable } from '../projections';

/**
 * Swaps a rebuilt read model into place inside the caller's transaction, which must hold the live
 * schema's pause lock exclusively (holdProjectorLockExclusive) (public): the live `tables` move to
 * `retired`, the rebuilt ones into the live schema (indexes and constraints move with them), and the
 * live offset rows of `projections` on `topic` take the rebuilt offsets. The live projector, blocked on the lock,
 * resumes on the new tables at those offsets when the transaction commits. The offset table itself is
 * not swapped: in `public` it also holds other projections' and topics' offsets.
 */
export async function swapReadModel(client: PoolClient, options: { live: string; rebuilt: string; retired: string; topic: string; projections: readonly string[]; tables: readonly ProjectionTable[] }): Promise<void> {
  const [live, rebuilt, retired] = [options.live, options.rebuilt, options.retired].map(checkSchemaName) as [string, string, string];
  await client.query(`create schema if not exists ${retired}`);
  for (const { table } of options.tables) {
    await client.query(`alter table ${live}.${table} set schema ${retired}`);
    await client.query(`alter table ${rebuilt}.${table} set schema ${live}`);
  }
  await client.query(
    `insert into ${live}.projection_offsets (projection, topic, partition, next_offset)
     select projection, topic, partition, next_offset from ${rebuilt}.projection_offsets
     where projection = any($1) and topic = $2
     on conflict (projection, topic, partition) do update set next_offset = excluded.next_offset, updated_at = now()`,
    [options.projections, options.topic]);
}
