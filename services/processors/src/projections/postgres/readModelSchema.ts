import type { PoolClient } from '@conveyor/runtime';
import { advisoryLocks } from '@conveyor/read-model';

/** The schema the live read models live in when none is named. */
export const defaultReadModelSchema = 'public';

/** The first key of the projector's pause lock (the second is the schema's hash). */
const pauseLockClass = advisoryLocks.projectorPause;

/** A Postgres schema name the projector accepts: lower-case letters, digits and underscores. */
const schemaPattern = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns `schema` if it is a plain lower-case identifier, else throws (names are interpolated into SQL). */
export function checkSchemaName(schema: string): string {
  if (!schemaPattern.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}: lower-case letters, digits, underscores`);
  return schema;
}

/**
 * Points the transaction's unqualified table names at `schema` (public stays on the path for the
 * helper functions of 003_projections.sql), so one SQL adapter writes the live or a shadow read model.
 */
export async function useReadModelSchema(client: PoolClient, schema: string): Promise<void> {
  if (schema === defaultReadModelSchema) return;
  await client.query(`set local search_path to ${checkSchemaName(schema)}, public`);
}

/**
 * The pause protocol of the projector (docs: services/processors/src/replay/README.md). Every batch
 * transaction of a projector writing `schema` holds this lock SHARED for its duration; a swap takes it
 * EXCLUSIVE in its own transaction, so it waits for the batches in flight, and every projector instance
 * (any process of the consumer group) blocks on its next batch until the swap commits, then resumes
 * on the swapped tables from the offsets they carry.
 */
export async function holdProjectorLockShared(client: PoolClient, schema: string): Promise<void> {
  await client.query('select pg_advisory_xact_lock_shared($1, hashtext($2))', [pauseLockClass, schema]);
}

/** Takes the pause lock of `schema` exclusively, until the transaction ends (see holdProjectorLockShared). */
export async function holdProjectorLockExclusive(client: PoolClient, schema: string): Promise<void> {
  await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [pauseLockClass, schema]);
}
