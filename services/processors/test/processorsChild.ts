import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { testSecretsEnv } from '@conveyor/testing';
import type { Config } from '../src/config';

/** A TCP port nobody listens on now (the OS's next ephemeral one). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A processors child process of the test, and its exit (the signal that ended it, or its code). */
export interface ProcessorsChild {
  child: ChildProcess;
  exited: Promise<NodeJS.Signals | number | null>;
}

/**
 * The processors as a child process of this test, on the given configuration's prefix (so the default
 * consumer groups of that prefix), run as one `node --import tsx` process so SIGKILL kills them (test helper).
 */
export async function spawnProcessors(config: Pick<Config, 'KAFKA_BROKERS' | 'SCHEMA_REGISTRY_URL' | 'DATABASE_URL' | 'TOPIC_PREFIX'>, env: Record<string, string>): Promise<ProcessorsChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'src', 'main.ts')], {
    env: {
      ...process.env, KAFKA_BROKERS: config.KAFKA_BROKERS.join(','), SCHEMA_REGISTRY_URL: config.SCHEMA_REGISTRY_URL, DATABASE_URL: config.DATABASE_URL,
      TOPIC_PREFIX: config.TOPIC_PREFIX, LOG_LEVEL: 'warn', DISPATCHER_TIMER_INTERVAL_MS: '100', METRICS_PORT: String(await freePort()),
      EGRESS_ALLOW_LOOPBACK: 'true', // http.request jobs of the tests call servers of the test on 127.0.0.1
      ...testSecretsEnv,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((r) => child.once('exit', (code, signal) => r(signal ?? code)));
  return { child, exited };
}

/** Kills the child with SIGKILL (if it still runs) and waits for its exit. */
export async function killChild(c: ProcessorsChild): Promise<NodeJS.Signals | number | null> {
  if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
  return c.exited;
}
