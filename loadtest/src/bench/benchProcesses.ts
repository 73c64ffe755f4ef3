import IORedis from 'ioredis';
import type { Pool } from 'pg';
import { stackStatus } from '@conveyor/stack';
import type { SampledGroup } from './processSampler';

/** The bench's own process: the load generator (HTTP clients, the job-events follower, the lag sampler). */
export const loadGeneratorGroup: SampledGroup = {
  name: 'load generator', covers: 'this process: HTTP clients, the terminal-event follower, lag sampling', pids: () => [process.pid],
};

/** The stack's Kafka and schema registry (the JVMs `npm run stack` started), each a group; none when the stack is not ours. */
export async function stackGroups(): Promise<SampledGroup[]> {
  const status = await stackStatus().catch(() => null);
  const pidOf = (name: string) => status?.components.find((c) => c.name === name && c.state === 'running')?.pid;
  const kafka = pidOf('kafka');
  const registry = pidOf('registry');
  return [
    ...(kafka ? [{ name: 'kafka', covers: 'the broker JVM (KRaft, shared with anything else on this stack)', pids: () => [kafka] }] : []),
    ...(registry ? [{ name: 'schema registry', covers: 'the registry JVM', pids: () => [registry] }] : []),
  ];
}

/**
 * The Postgres backends connected to the bench's database (listed again at every sample from
 * `pg_stat_activity`); private memory only, Postgres' shared buffers are in no row. The server's own
 * background processes (WAL writer, checkpointer) are not included.
 */
export function postgresBackendsGroup(pool: Pool): SampledGroup {
  return {
    name: 'postgres backends', covers: "every backend connected to the bench's database (summed; RssAnon: shared buffers not counted)", memory: 'anon',
    pids: async () => (await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid),
  };
}

/** The Redis server's process (`INFO server` process_id), when it runs on this machine; null when it cannot be asked. */
export async function redisGroup(redisUrl: string): Promise<SampledGroup | null> {
  const client = new IORedis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await client.connect();
    const pid = Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
    return pid ? { name: 'redis', covers: 'the Redis server (shared with anything else using it)', pids: () => [pid] } : null;
  } catch {
    return null;
  } finally {
    client.disconnect();
  }
}
