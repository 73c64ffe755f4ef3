import path from 'node:path';
import type { Component, ComponentName } from './Component';
import { loadConfig, type StackConfig } from './config';
import { createComponents } from './createComponents';
import { waitUntilHealthy } from './health';
import { checkJava } from './java';
import { withLock } from './lock';
import { stackPaths } from './paths';
import { ensurePostgres } from './postgres';
import { isPortOpen, portOwner } from './ports';
import { runningPid, spawnDetached, stopProcess } from './processes';
import { StackError } from './StackError';
import { type StackOptions, type StackStatus, statusOf } from './stackStatus';

/** Options of {@link stackUp}. Public. */
export interface StackUpOptions extends StackOptions {
  /** Components to bring up; all when omitted. PostgreSQL is always checked. */
  components?: ComponentName[];
  /** Receives one line per step; defaults to console.log. */
  log?: (line: string) => void;
}

/** How one component came up. Public. */
export interface ComponentStart {
  name: ComponentName;
  label: string;
  action: 'started' | 'already-running';
  pid: number;
  /** From preparing (config, first-start storage) to healthy, in milliseconds (started only). */
  readyMs?: number;
  /** Time spent downloading into the cache, in milliseconds, when it had to. */
  downloadMs?: number;
  /** A first start: binaries downloaded, storage formatted or database created. */
  cold: boolean;
}

/** What {@link stackUp} did and the resulting status. Public. */
export interface StackUpResult {
  started: ComponentStart[];
  status: StackStatus;
}

/**
 * Brings the stack up and resolves once every component answers its health check. Idempotent:
 * components already running and healthy are left alone. Fails with a {@link StackError} (one
 * line) when a tool is missing, a port is taken by a process that is not ours, or a component
 * does not become healthy. Public.
 */
export async function stackUp(options: StackUpOptions = {}): Promise<StackUpResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = loadConfig(options.env);
  const paths = stackPaths(config);
  const components = createComponents(config, paths, options.components);
  const lockOptions = {
    timeoutMs: 30 * 60_000,
    onWait: (pid: number) => log(`stack: waiting for pid ${pid}, which is bringing the same stack up or down`),
  };
  const started = await withLock(paths.lockFile, lockOptions, async () => {
    // 1. PostgreSQL is the machine's: only check it answers and holds our database.
    const postgres = await ensurePostgres(config.databaseUrl);
    log(`postgres: ${redact(config.databaseUrl)} answers${postgres.created ? ' (database created)' : ''}`);
    // 2. What is not running must be startable: a JDK, free ports.
    const stopped = components.filter((component) => runningPid(component.paths) === undefined);
    if (stopped.length > 0) await checkJava(config.javaBin, config.minJavaMajor);
    await assertPortsFree(stopped);
    // 3. Downloads, one after the other: concurrent Maven runs would share ~/.m2 without locking.
    const downloads = new Map<ComponentName, number | undefined>();
    for (const component of stopped) downloads.set(component.name, (await component.install(log)).downloadMs);
    // 4. Start side by side and wait for health; settle all before failing so the lock
    //    outlives every start in flight.
    const outcomes = await Promise.allSettled(
      components.map((component) =>
        stopped.includes(component)
          ? start(component, config, log, downloads.get(component.name))
          : awaitRunning(component, config, log),
      ),
    );
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;
    return outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  });
  for (const start of started) log(describeStart(start));
  return { started, status: await statusOf(config) };
}

async function assertPortsFree(components: Component[]): Promise<void> {
  for (const component of components) {
    for (const port of component.ports) {
      if (await isPortOpen('127.0.0.1', port)) {
        const owner = portOwner(port) ?? 'a process this user cannot see';
        throw new StackError(
          `port ${port} (${component.name}) is already taken by ${owner}, which this stack did not start; ` +
            'stop it or choose other ports (KAFKA_PORT, KAFKA_CONTROLLER_PORT, REGISTRY_PORT)',
        );
      }
    }
  }
}

async function start(
  component: Component,
  config: StackConfig,
  log: (line: string) => void,
  downloadMs: number | undefined,
): Promise<ComponentStart> {
  // Timed from here so a cold start includes first-start work such as formatting storage.
  const beganAt = Date.now();
  const { fresh } = await component.prepare(log);
  log(`${component.name}: starting ${component.label} on 127.0.0.1:${component.port} (log: ${display(component.paths.log)})`);
  const pid = spawnDetached(component.processSpec(), component.paths);
  try {
    await waitForHealth(component, config, pid);
  } catch (error) {
    // Leave nothing half-started behind: the next `up` starts from scratch.
    await stopProcess(component.paths, config.stopTimeoutMs);
    throw error;
  }
  const readyMs = Date.now() - beganAt;
  return { name: component.name, label: component.label, action: 'started', pid, readyMs, downloadMs, cold: fresh || downloadMs !== undefined };
}

async function awaitRunning(component: Component, config: StackConfig, log: (line: string) => void): Promise<ComponentStart> {
  const pid = runningPid(component.paths);
  if (pid === undefined) throw new StackError(`${component.name} stopped while being checked; run up again`);
  if (!(await component.health()).ok) {
    log(`${component.name}: running (pid ${pid}) but not healthy yet, waiting`);
    await waitForHealth(component, config, pid);
  }
  return { name: component.name, label: component.label, action: 'already-running', pid, cold: false };
}

function waitForHealth(component: Component, config: StackConfig, pid: number): Promise<void> {
  return waitUntilHealthy(component.label, () => component.health(), {
    timeoutMs: config.startTimeoutMs,
    isRunning: () => runningPid(component.paths) === pid,
    logHint: `npm run stack -- logs ${component.name}`,
  });
}

function describeStart(start: ComponentStart): string {
  if (start.action === 'already-running') return `${start.label}: already running (pid ${start.pid})`;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const download = start.downloadMs === undefined ? '' : `; download ${seconds(start.downloadMs)}`;
  return `${start.label}: ready in ${seconds(start.readyMs ?? 0)} (${start.cold ? 'cold' : 'warm'} start${download}, pid ${start.pid})`;
}

/** A path relative to the working directory when it lies below it, for shorter messages. */
function display(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

function redact(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.href;
}
