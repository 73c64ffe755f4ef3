/**
 * `npm run migrate -- status | up`: the read-model migrations (packages/read-model/migrations,
 * versioned by file name) against DATABASE_URL. `status` lists each and whether it is applied;
 * `up` applies the pending ones, as the processors do when they start.
 */
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { ensureDatabase, migrate, migrationsDir } from '@conveyor/read-model';
import { migrationStatus, renderMigrationStatus } from './migrate/migrationStatus';

const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/conveyor';
const USAGE = 'usage: npm run migrate -- status | up';

async function main(command: string | undefined): Promise<number> {
  if (command !== 'status' && command !== 'up') {
    console.error(USAGE);
    return 2;
  }
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1, connectionTimeoutMillis: 3000 });
  try {
    if (command === 'up') {
      await ensureDatabase(databaseUrl);
      const applied = await migrate(pool);
      console.log(applied.length ? `applied ${applied.join(', ')}` : 'nothing to apply');
    }
    const table = await pool.query<{ exists: boolean }>("select to_regclass('schema_migrations') is not null as exists");
    const rows = table.rows[0]?.exists
      ? (await pool.query<{ name: string; applied_at: Date }>('select name, applied_at from schema_migrations')).rows
      : [];
    const files = readdirSync(migrationsDir).filter((file) => file.endsWith('.sql'));
    console.log(`${databaseUrl.replace(/\/\/[^@/]*@/, '//')}\n`);
    console.log(renderMigrationStatus(migrationStatus(files, rows.map((row) => ({ name: row.name, appliedAt: row.applied_at })))));
    return 0;
  } finally {
    await pool.end();
  }
}

main(process.argv[2]).then((code) => process.exit(code), (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const hint = /does not exist/.test(message) ? ' (`npm run migrate -- up` or `npm start` creates it)' : /ECONNREFUSED|timeout/i.test(message) ? ' (is PostgreSQL running? `npm run stack -- status`)' : '';
  console.error(`migrate: ${message}${hint}`);
  process.exit(1);
});
