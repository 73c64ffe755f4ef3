import { withTransaction, type Pool, type PoolClient } from '@conveyor/runtime';
import { checkSchemaName } from '../projections';

/** An index of a read-model table, as Postgres prints its definition. */
interface IndexDefinition {
  name: string;
  table: string;
  def: string;
}

/** Indexes built at once after a bulk load (each also uses Postgres's parallel workers where it can). */
const buildConcurrency = 3;

/** Secondary indexes: neither backing a constraint (primary key, unique) nor unique themselves. */
const secondaryIndexesSql = `
  select c.relname as name, t.relname as "table", pg_get_indexdef(i.indexrelid) as def
  from pg_index i
  join pg_class c on c.oid = i.indexrelid
  join pg_class t on t.oid = i.indrelid
  join pg_namespace n on n.oid = t.relnamespace
  where n.nspname = $1 and t.relname = any($2) and not i.indisunique
    and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
  order by t.relname, c.relname`;

const secondaryIndexes = async (db: Pool | PoolClient, schema: string, tables: readonly string[]) =>
  (await db.query<IndexDefinition>(secondaryIndexesSql, [checkSchemaName(schema), tables])).rows;

/**
 * An index definition of `source`'s table rewritten for the same table in `target`, created only if it is
 * not there yet (pure): `CREATE INDEX name ON source.table USING …` → `CREATE INDEX IF NOT EXISTS name ON
 * target.table USING …`. Index names are per schema, so the rebuilt table carries the live names.
 */
export function indexDefinitionFor(def: string, table: string, target: string): string {
  const rewritten = def
    .replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS ')
    .replace(/ ON (ONLY )?\S+ USING /, ` ON $1${checkSchemaName(target)}.${table} USING `);
  if (!rewritten.startsWith('CREATE INDEX IF NOT EXISTS ') || !rewritten.includes(` ${target}.${table} USING `)) {
    throw new Error(`unexpected index definition: ${def}`);
  }
  return rewritten;
}

/** The secondary indexes dropped before a bulk load, to build once it is done (public). */
export interface DeferredIndexes {
  /** The indexes `build` creates. */
  names: string[];
  /** Builds `source`'s secondary indexes on `schema`'s tables (those missing), a few at once; in milliseconds, how long it took. */
  build(): Promise<number>;
}

/**
 * Drops the secondary indexes of `tables` in `schema` before a bulk load (public): a COPY into a table
 * without them and one index build each afterwards are faster than keeping every index up to date row
 * by row (the GIN index of the job search most of all). Primary keys and unique indexes stay: they keep
 * the load's duplicate checks. `build` recreates the indexes `source` (the live schema) has on the same
 * tables, with their names, so a resumed load (whose shadow lost its indexes already) ends the same.
 */
export async function deferIndexes(pool: Pool, options: { schema: string; source: string; tables: readonly string[] }): Promise<DeferredIndexes> {
  const schema = checkSchemaName(options.schema);
  for (const ix of await secondaryIndexes(pool, schema, options.tables)) await pool.query(`drop index if exists ${schema}."${ix.name}"`);
  const wanted = await secondaryIndexes(pool, options.source, options.tables);
  return {
    names: wanted.map((ix) => ix.name),
    async build() {
      const started = Date.now();
      const queue = [...wanted];
      await Promise.all(Array.from({ length: buildConcurrency }, async () => {
        for (let ix = queue.shift(); ix; ix = queue.shift()) {
          const sql = indexDefinitionFor(ix.def, ix.table, schema);
          await withTransaction(pool, async (client) => {
            await client.query(`set local maintenance_work_mem to '256MB'`);
            await client.query(sql);
          });
        }
      }));
      return Date.now() - started;
    },
  };
}
