import os from 'node:os';
import IORedis from 'ioredis';
import type { Pool } from 'pg';

/** Facts about the machine and the versions a bench ran on. */
export interface MachineFacts {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  kafka: string;
  redis: string;
  postgres: string;
}

/** Collects the machine's facts; a version that cannot be read is "unknown", never an error. */
export async function machineFacts(deps: { pool: Pool | null; redisUrl: string; kafkaVersion: () => Promise<string> }): Promise<MachineFacts> {
  const cpus = os.cpus();
  let redis = 'unknown';
  const client = new IORedis(deps.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  try {
    await client.connect();
    redis = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? 'unknown';
  } catch {
    // Redis is not up: the BullMQ part will say so
  } finally {
    client.disconnect();
  }
  const postgres = deps.pool
    ? await deps.pool.query<{ v: string }>("select current_setting('server_version') as v").then((r) => r.rows[0]?.v ?? 'unknown', () => 'unknown')
    : 'unknown';
  return {
    date: new Date().toISOString(),
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    kafka: await deps.kafkaVersion().catch(() => 'unknown'),
    redis,
    postgres,
  };
}
