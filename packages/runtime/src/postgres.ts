import { createHash } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';

export type { Pool, PoolClient };

/**
 * A pg pool with a name in pg_stat_activity and sane timeouts (public). `statementTimeoutMs` and
 * `idleInTransactionTimeoutMs` (milliseconds; unset: the server's default, no limit) are set on each
 * session: the APIs bound every query, so one slow request cannot hold a connection (issue 11); a
 * statement cancelled by its timeout answers 503 (see asClientError).
 */
export function createPgPool(options: { url: string; name: string; max?: number; statementTimeoutMs?: number; idleInTransactionTimeoutMs?: number }): Pool {
  const pool = new Pool({
    connectionString: options.url,
    application_name: options.name,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
    ...(options.idleInTransactionTimeoutMs ? { idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs } : {}),
  });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  // Nor a checked-out one's: pg-pool listens on idle clients only, and a client held between queries (a
  // transaction open across a Kafka publish, a session lock) whose connection is terminated
  // (pg_terminate_backend, a restart) emits 'error' with no listener, which kills the process (issue 14).
  // With this listener its next query fails instead, and the caller's retry takes a fresh connection.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/** Runs `work` in a transaction: BEGIN, COMMIT, or ROLLBACK and rethrow. */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A client whose ROLLBACK fails lost its connection (terminated, server restart): destroy it rather
    // than hand it to the next caller.
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => (broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr))));
    throw err;
  } finally {
    client.release(broken);
  }
}

/**
 * A statement pg prepares once per connection (pure): named after its text, so each distinct text is parsed and
 * planned once per connection and then only bound and executed (Postgres replans it by itself after a schema
 * change or under another search_path). For statements run on every batch or job whose text takes a few forms
 * only: never one with values written into its text (each would stay prepared), nor one that returns `*` (a
 * later migration adding a column would fail it with "cached plan must not change result type"). `scope`
 * prefixes the name, so a connection's prepared statements say whose they are.
 */
export function prepared(text: string, values?: unknown[], scope = 's'): { name: string; text: string; values?: unknown[] } {
  return { name: `${scope}.${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`, text, ...(values ? { values } : {}) };
}
