import type { Pool, PoolClient } from '@conveyor/runtime';
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

/**
 * The text that opens a projector batch's transaction in ONE round trip (a simple query of several
 * statements: it carries no parameters, only the checked schema name and a constant): BEGIN, the
 * search path of `schema`, and the pause lock held shared (see holdProjectorLockShared).
 */
export function beginProjectorBatchSql(schema: string): string {
  const name = checkSchemaName(schema);
  const path = name === defaultReadModelSchema ? '' : `set local search_path to ${name}, public; `;
  return `begin; ${path}select pg_advisory_xact_lock_shared(${Number(pauseLockClass)}, hashtext('${name}'))`;
}

/**
 * Runs `work` in a projector batch's transaction on `schema` (opened by beginProjectorBatchSql), then
 * commits; rolls back on an error. A client whose rollback fails lost its connection: it is destroyed,
 * not handed back to the pool.
 */
export async function inProjectorBatch<T>(pool: Pool, schema: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(beginProjectorBatchSql(schema));
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch((rollbackErr: unknown) => (broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr))));
    throw err;
  } finally {
    client.release(broken);
  }
}
