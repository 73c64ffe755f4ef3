import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabase, migrate } from '@conveyor/read-model';
import { createPgPool, type Pool } from '@conveyor/runtime';
import { stackEndpoints } from '@conveyor/testing';

/**
 * tools/db/roles.sql (one database role per service, least privilege) applied to a migrated database of
 * its own: each role can start its service (the migration check at start) and do what its service does,
 * and nothing it must not. Roles are cluster-wide; the script creates them only when missing.
 */
describe('database roles per service (tools/db/roles.sql)', () => {
  const base = new URL(stackEndpoints().databaseUrl);
  const database = `conveyor_roles_${randomBytes(4).toString('hex')}`;
  // The owner connects as the stack's user; the service roles with the password the script gave them.
  const urlAs = (user: string, password = 'local-test-only') => {
    const url = new URL(base);
    url.username = user;
    url.password = password;
    url.pathname = `/${database}`;
    return url.toString();
  };
  const pools: Pool[] = [];
  const poolAs = (user: string) => {
    const pool = createPgPool({ url: urlAs(user), name: `roles-test-${user}`, max: 1 });
    pools.push(pool);
    return pool;
  };
  const denied = (promise: Promise<unknown>) => expect(promise).rejects.toMatchObject({ code: '42501' });

  beforeAll(async () => {
    const owner = urlAs(base.username || 'postgres', base.password);
    await ensureDatabase(owner);
    const pool = createPgPool({ url: owner, name: 'roles-test-owner', max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }
    const vars = ['command_pw', 'processors_pw', 'query_pw'].flatMap((v) => ['-v', `${v}=local-test-only`]);
    execFileSync('psql', [owner, '-v', 'ON_ERROR_STOP=1', '-q', ...vars, '-f', join(__dirname, '..', '..', '..', 'tools', 'db', 'roles.sql')], { stdio: 'pipe' });
  });

  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    execFileSync('dropdb', ['-h', base.hostname, '-p', base.port || '5432', '-U', base.username || 'postgres', '--if-exists', '--force', database]);
  });

  it('the query API role starts (migration check), reads the read models and may not write them', async () => {
    const query = poolAs('conveyor_query');
    await migrate(query);
    await expect(query.query('select count(*) from jobs')).resolves.toBeDefined();
    await denied(query.query(`insert into jobs (job_id, type, status) values (gen_random_uuid(), 'noop', 'queued')`));
    await denied(query.query('delete from api_keys'));
    await denied(query.query('create table intruder (id int)'));
    // Its rate limiter's buckets are the one table it writes.
    await query.query(`insert into rate_limit_buckets (bucket_key, tokens, granted, refilled_at) values ('t:read', 1, true, now())`);
  });

  it('the command API role starts, writes its own tables and may not write the read models', async () => {
    const command = poolAs('conveyor_command');
    await migrate(command);
    await denied(command.query(`update jobs set status = 'succeeded'`));
    await denied(command.query('drop table jobs'));
    await command.query(`insert into rate_limit_buckets (bucket_key, tokens, granted, refilled_at) values ('c:submit', 1, true, now())`);
  });

  it('the processors role owns the schema work: it may create tables (rebuilds) and write the read models', async () => {
    const processors = poolAs('conveyor_processors');
    await migrate(processors);
    await processors.query('create table rebuild_probe (id int)');
    await processors.query('drop table rebuild_probe');
    await processors.query('delete from jobs where false');
  });
});
