import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { advisoryLocks } from './advisoryLocks';

/** Folder of the SQL migrations, applied in file-name order. */
export const migrationsDir = join(__dirname, '..', 'migrations');

/** The advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK = advisoryLocks.migrations;

/** The first line that runs a migration outside a transaction, statement by statement (CREATE INDEX CONCURRENTLY). */
const noTransaction = /^-- migrate: no-transaction\s*$/m;

/** The statements of a migration file: split at a `;` ending a line (pure; such files keep to one statement per `;` line end). */
export function splitStatements(sql: string): string[] {
  return sql.split(/;\s*$/m).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean);
}

/**
 * Applies the migrations not yet applied, each in its own transaction, under an advisory lock so
 * several services starting at once do not race. Returns the names it applied (public). A file whose
 * first line is `-- migrate: no-transaction` runs statement by statement outside any transaction (for
 * CREATE INDEX CONCURRENTLY on a big table); its statements must be safe to run again.
 */
export async function migrate(pool: Pool, dir: string = migrationsDir): Promise<string[]> {
  const client = await pool.connect();
  try {
    // The APIs' pools bound every statement (PG_STATEMENT_TIMEOUT_MS); waiting for another replica's
    // migrations, or one migration on a large table, may take longer. Reset when the client goes back.
    await client.query('set statement_timeout = 0');
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // Created only when missing: a service whose role may not create in the schema (the APIs under
    // tools/db/roles.sql) still passes this check at start once the processors have migrated.
    const { rows: [found] } = await client.query<{ exists: boolean }>("select to_regclass('schema_migrations') is not null as exists");
    if (!found?.exists) {
      await client.query('create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())');
    }
    const done = new Set((await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    const applied: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
      if (done.has(file)) continue;
      const sql = readFileSync(join(dir, file), 'utf8');
      if (noTransaction.test(sql.split('\n', 1)[0] ?? '')) {
        try {
          for (const statement of splitStatements(sql)) await client.query(statement);
        } catch (err) {
          throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
        }
        await client.query('insert into schema_migrations (name) values ($1)', [file]);
        applied.push(file);
        continue;
      }
      await client.query('begin');
      try {
        await client.query(sql);
        await client.query('insert into schema_migrations (name) values ($1)', [file]);
        await client.query('commit');
        applied.push(file);
      } catch (err) {
        await client.query('rollback');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.query('reset statement_timeout').catch(() => undefined);
    client.release();
  }
}
