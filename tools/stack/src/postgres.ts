import pg from 'pg';
import { StackError } from './StackError';
import type { Health } from './health';

/**
 * Checks that the PostgreSQL of `databaseUrl` answers and creates its database when missing.
 * The stack never starts PostgreSQL itself: it is a machine service. Returns whether the
 * database was created. Internal.
 */
export async function ensurePostgres(databaseUrl: string): Promise<{ created: boolean }> {
  const url = new URL(databaseUrl);
  const database = decodeURIComponent(url.pathname.slice(1));
  try {
    await withClient(databaseUrl, async () => undefined);
    return { created: false };
  } catch (error) {
    if (pgCode(error) !== '3D000') throw unreachable(url, error);
  }
  // 3D000 = invalid_catalog_name: the server answers but the database does not exist yet.
  return { created: await ensureDatabase(withDatabase(url, 'postgres'), database) };
}

/**
 * Creates database `name` on the server of `databaseUrl` unless it exists (it may, if another
 * `up` created it concurrently). Returns whether this call created it. Internal.
 */
export async function ensureDatabase(databaseUrl: string, name: string): Promise<boolean> {
  try {
    return await withClient(databaseUrl, async (client) => {
      const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (existing.rowCount) return false;
      try {
        await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
        return true;
      } catch (error) {
        // 42P04 = duplicate_database, 23505 = a concurrent CREATE won the race on the catalog.
        if (pgCode(error) === '42P04' || pgCode(error) === '23505') return false;
        throw error;
      }
    });
  } catch (error) {
    if (pgCode(error)) throw new StackError(`could not create database ${name}: ${(error as Error).message}`);
    throw unreachable(new URL(databaseUrl), error);
  }
}

/**
 * Drops database `name` on the server of `databaseUrl` (ending its sessions: WITH (FORCE), PostgreSQL 13+)
 * and creates it again, empty. For `stack reset` of local databases only. Internal.
 */
export async function recreateDatabase(databaseUrl: string, name: string): Promise<void> {
  const admin = withDatabase(new URL(databaseUrl), 'postgres');
  try {
    await withClient(admin, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
    });
  } catch (error) {
    if (pgCode(error)) throw new StackError(`could not recreate database ${name}: ${(error as Error).message}`);
    throw unreachable(new URL(databaseUrl), error);
  }
}

/** The database name in a postgres:// URL. Internal. */
export function databaseName(databaseUrl: string): string {
  return decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
}

/** Ok when `databaseUrl` accepts a connection and a query. Internal. */
export async function postgresHealth(databaseUrl: string): Promise<Health> {
  try {
    await withClient(databaseUrl, (client) => client.query('SELECT 1'));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

async function withClient<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 3000 });
  // An error after connect (server shutting down) must not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function unreachable(url: URL, error: unknown): StackError {
  const port = url.port || '5432';
  return new StackError(
    `PostgreSQL is not reachable at ${url.hostname}:${port} (${(error as Error).message}); ` +
      'start it (pg_ctlcluster <version> main start) or point DATABASE_URL at a running server',
  );
}

function withDatabase(url: URL, database: string): string {
  const copy = new URL(url.href);
  copy.pathname = `/${database}`;
  return copy.href;
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQLSTATE of an error the server sent; undefined for socket errors (ECONNREFUSED…). */
function pgCode(error: unknown): string | undefined {
  return error instanceof pg.DatabaseError ? error.code : undefined;
}
