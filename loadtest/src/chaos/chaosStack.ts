import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { stackDown, stackUp, type ComponentName } from '@conveyor/stack';

/** Where the chaos run's own stack listens: never the shared one (9092, 8081). */
export interface ChaosStackConfig {
  kafkaPort: number;
  kafkaControllerPort: number;
  registryPort: number;
  /** A database of its own on the machine's PostgreSQL, e.g. `conveyor_chaos`. */
  database: string;
  /** The stack's state directory (Kafka data, pid files, logs): a fresh temporary one. */
  stateDir: string;
}

/**
 * The chaos run's own Kafka and schema registry (tools/stack on other ports and a state directory of its
 * own) and its own database (internal). Faults are injected only into these: `kill -9` of the broker by the
 * pid in this stack's pid file, the registry stopped by its pid, and `pg_terminate_backend` of connections
 * to this database alone.
 */
export function createChaosStack(config: ChaosStackConfig) {
  const databaseUrl = `postgres://postgres@127.0.0.1:5432/${config.database}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_PORT: String(config.kafkaPort),
    KAFKA_CONTROLLER_PORT: String(config.kafkaControllerPort),
    REGISTRY_PORT: String(config.registryPort),
    CONVEYOR_STATE_DIR: config.stateDir,
    DATABASE_URL: databaseUrl,
    REGISTRY_DATABASE: `${config.database}_registry`,
  };
  const quiet = () => undefined;
  const pidOf = (name: ComponentName) => Number(readFileSync(join(config.stateDir, name, `${name}.pid`), 'utf8').trim());
  const waitGone = async (pid: number, withinMs: number) => {
    const deadline = Date.now() + withinMs;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`process ${pid} did not exit within ${withinMs} ms`);
  };

  return {
    databaseUrl,
    kafkaBrokers: `127.0.0.1:${config.kafkaPort}`,
    registryUrl: `http://127.0.0.1:${config.registryPort}/apis/ccompat/v7`,
    /** Brings up Kafka and the registry (and creates the database); resolves when healthy. */
    up: (components?: ComponentName[]) => stackUp({ env, log: quiet, ...(components ? { components } : {}) }),
    /** `kill -9` of this stack's broker. */
    async killBroker(): Promise<void> {
      const pid = pidOf('kafka');
      process.kill(pid, 'SIGKILL');
      await waitGone(pid, 10_000);
    },
    /** Stops this stack's registry (SIGTERM, as an orchestrator would). */
    async stopRegistry(): Promise<void> {
      const pid = pidOf('registry');
      process.kill(pid, 'SIGTERM');
      await waitGone(pid, 30_000);
    },
    /** Terminates every connection to this stack's database but our own; resolves with how many. */
    async terminateConnections(): Promise<number> {
      const client = new Client({ connectionString: databaseUrl, application_name: 'chaos-terminator' });
      await client.connect();
      try {
        const { rowCount } = await client.query(
          'select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
        );
        return rowCount ?? 0;
      } finally {
        await client.end();
      }
    },
    /** Stops Kafka and the registry this stack started, and drops its databases. */
    async down(): Promise<void> {
      await stackDown({ env, log: quiet }).catch(() => undefined);
      const client = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres', application_name: 'chaos-cleanup' });
      await client.connect();
      try {
        for (const db of [config.database, `${config.database}_registry`]) {
          await client.query(`drop database if exists ${db} with (force)`).catch(() => undefined);
        }
      } finally {
        await client.end();
      }
    },
  };
}

export type ChaosStack = ReturnType<typeof createChaosStack>;
