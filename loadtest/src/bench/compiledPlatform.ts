import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildService, serviceNames, type ServiceName } from '../../../tools/build/buildService';
import { isStale, serviceInputs } from '../../../tools/build/isStale';
import { serviceNodeOptions } from '../../../tools/build/serviceNodeOptions';
import type { Config } from '../config';
import type { Platform } from '../platform';
import { isReady } from '../platform';
import { runCredentials } from '../runCredentials';
import { freePort } from './freePort';

const root = join(__dirname, '..', '..', '..');
const bundleOf = (service: ServiceName) => join(root, 'services', service, 'dist', 'lib', 'main.js');

/** The bench's own Conveyor as production runs it: one process per service, with their pids (for /proc sampling). */
export interface CompiledPlatform extends Platform {
  /** The processors' consumer groups of the job pipeline (for lag sampling). */
  groups: string[];
  pids: Record<ServiceName, number>;
}

/** Bundles the services whose bundle is missing or older than their sources (as `npm start` does). */
async function buildWhenStale(log: (line: string) => void): Promise<void> {
  for (const service of serviceNames) {
    if (!isStale(bundleOf(service), serviceInputs(root, service))) continue;
    log(`${service}: building the bundle (esbuild)…`);
    await buildService({ root, service });
  }
}

/**
 * Starts the three services as `npm start` runs them (public): each its own process from its compiled
 * bundle (`node --enable-source-maps services/<name>/dist/lib/main.js`, built first when stale, with the heap
 * ceiling of serviceNodeOptions), on ports
 * free now, a fresh TOPIC_PREFIX (hence fresh consumer groups `<prefix>conveyor-<role>`), a bootstrap key
 * and secrets key ring of this run, and rate limits off (the bench is one principal; it measures the
 * platform, not its quota). The processors start first (migrations, topic catalog), then both APIs.
 * Logs go to `<stateDir>/logs/bench-<service>.log`. `stop` ends these processes only.
 */
export async function startCompiledPlatform(options: { config: Config; stateDir: string; log: (line: string) => void; readyTimeoutMs?: number }): Promise<CompiledPlatform> {
  const { config, log } = options;
  await buildWhenStale(log);
  const topicPrefix = `bench${randomBytes(4).toString('hex')}.`;
  const { apiKey, env: credentials } = runCredentials('bench');
  const common = {
    KAFKA_BROKERS: config.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: config.registryUrl, DATABASE_URL: config.databaseUrl,
    TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn', EGRESS_ALLOW_LOOPBACK: 'true', ...credentials,
  };
  const [processorsPort, commandPort, commandMetricsPort, queryPort, queryMetricsPort] = await Promise.all(Array.from({ length: 5 }, freePort));
  const plan: Array<{ service: ServiceName; env: Record<string, string>; ready: string }> = [
    { service: 'processors', env: { METRICS_PORT: String(processorsPort) }, ready: `http://127.0.0.1:${processorsPort}` },
    { service: 'command-api', env: { PORT: String(commandPort), METRICS_PORT: String(commandMetricsPort) }, ready: `http://127.0.0.1:${commandPort}` },
    { service: 'query-api', env: { PORT: String(queryPort), METRICS_PORT: String(queryMetricsPort) }, ready: `http://127.0.0.1:${queryPort}` },
  ];
  const logDir = join(options.stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const children: Array<{ service: ServiceName; child: ChildProcess; exited: Promise<void> }> = [];
  const stop = async () => {
    for (const { child, exited } of [...children].reverse()) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
  };
  const start = (s: (typeof plan)[number]) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundleOf(s.service)], {
      cwd: root, env: { ...process.env, ...common, ...s.env, SERVICE_NAME: s.service, NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS) }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const file = createWriteStream(join(logDir, `bench-${s.service}.log`), { flags: 'a' });
    child.stdout?.pipe(file, { end: false });
    child.stderr?.pipe(file, { end: false });
    children.push({ service: s.service, child, exited: new Promise<void>((resolve) => child.once('exit', () => resolve())) });
    return child;
  };
  const waitReady = async (s: (typeof plan)[number], child: ChildProcess) => {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    while (!(await isReady(s.ready))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${s.service} exited while starting; see ${join(logDir, `bench-${s.service}.log`)}`);
      if (Date.now() > deadline) throw new Error(`${s.service} was not ready in time; see ${join(logDir, `bench-${s.service}.log`)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  };
  try {
    const [processors, ...apis] = plan as [(typeof plan)[number], ...typeof plan];
    log(`starting the services from their bundles (topic prefix ${topicPrefix}, logs in ${logDir}/bench-*.log)`);
    await waitReady(processors, start(processors));
    await Promise.all(apis.map((s) => waitReady(s, start(s))));
  } catch (err) {
    await stop();
    throw err;
  }
  const pids = Object.fromEntries(children.map((c) => [c.service, c.child.pid ?? 0])) as Record<ServiceName, number>;
  return {
    commandApi: `http://127.0.0.1:${commandPort}`, queryApi: `http://127.0.0.1:${queryPort}`, topicPrefix, apiKey, started: true, stop,
    groups: ['dispatcher', 'executor', 'projector'].map((role) => `${topicPrefix}conveyor-${role}`), pids,
  };
}
