import type { ClientBase } from 'pg';

/** The tables the projector writes, in one schema: the job read models and their offsets (public). */
export const readModelTables = ['jobs', 'job_events', 'job_stats_minute', 'projection_offsets'] as const;

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates `schema` with empty copies of the read-model tables of `source` (default `public`, built by
 * the migrations): columns, defaults, generated columns, constraints and indexes
 * (`like … including all`), and the triggers that keep the jobs' search columns, which `like` does not
 * copy (096_jobs_search_on_change.sql). Idempotent: existing tables are kept (public). Schema names
 * are interpolated, so they must be plain lower-case identifiers.
 */
export async function createReadModelSchema(client: ClientBase, schema: string, options: { source?: string } = {}): Promise<void> {
  const source = options.source ?? 'public';
  for (const name of [schema, source]) {
    if (!identifier.test(name)) throw new Error(`invalid schema name ${JSON.stringify(name)}`);
  }
  await client.query(`create schema if not exists ${schema}`);
  for (const table of readModelTables) {
    await client.query(`create table if not exists ${schema}.${table} (like ${source}.${table} including all)`);
  }
  if (schema !== source) await client.query('select conveyor_attach_job_search($1::regclass)', [`${schema}.jobs`]);
}

/** Drops `schema` and everything in it, if it exists (public). */
export async function dropReadModelSchema(client: ClientBase, schema: string): Promise<void> {
  if (!identifier.test(schema) || schema === 'public') throw new Error(`refusing to drop schema ${JSON.stringify(schema)}`);
  await client.query(`drop schema if exists ${schema} cascade`);
}

/**
 * The schema of the as-of snapshot of an instant (epoch milliseconds), to the second, UTC:
 * `conveyor_asof_<yyyymmddhhmmss>` (public; built by `npm run replay -- as-of`, read by the query API).
 */
export function asOfSchemaName(asOf: number): string {
  const iso = new Date(Math.floor(asOf / 1000) * 1000).toISOString();
  return `conveyor_asof_${iso.slice(0, 19).replace(/[-:T]/g, '')}`;
}
