import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { ProcessPaths } from './paths';
import { sleep } from './sleep';
import { StackError } from './StackError';

/** What to run for a component: a java command line. Internal. */
export interface ProcessSpec {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The JVM system property that marks a command line as started by this state directory's
 * stack, so `down` never signals a process it did not start. Internal.
 */
export const ownerMarker = (paths: ProcessPaths): string => `-Dconveyor.stack=${paths.dir}`;

/** True when `pid` exists and is not a zombie. Internal. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const stat = readProc(pid, 'stat');
  // Field 3 of /proc/<pid>/stat, after the parenthesised command name, is the state.
  return !/\) Z /.test(stat);
}

/** The arguments of a live process (empty when it is gone or a zombie). Internal. */
export function commandLine(pid: number): string[] {
  return readProc(pid, 'cmdline').split('\0').filter((arg) => arg !== '');
}

/** The pid recorded in the component's pid file when that process is alive and ours. Internal. */
export function runningPid(paths: ProcessPaths): number | undefined {
  const pid = readPidFile(paths.pidFile);
  if (pid === undefined) return undefined;
  return isOurs(pid, paths) ? pid : undefined;
}

function isOurs(pid: number, paths: ProcessPaths): boolean {
  return isAlive(pid) && commandLine(pid).includes(ownerMarker(paths));
}

/**
 * Starts `spec` detached from this process (own process group, output to the component's log,
 * the previous log kept as `.1`), records its pid and returns it. Internal.
 */
export function spawnDetached(spec: ProcessSpec, paths: ProcessPaths): number {
  fs.mkdirSync(paths.dir, { recursive: true });
  if (fs.existsSync(paths.log)) fs.renameSync(paths.log, `${paths.log}.1`);
  const out = fs.openSync(paths.log, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    // Without a listener a failed exec (ENOENT) would crash the caller; the health wait reports it.
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${spec.command}`);
    fs.writeFileSync(paths.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    fs.closeSync(out);
  }
}

/** How {@link stopProcess} ended. */
export type StopOutcome = 'not-running' | 'stopped' | 'killed';

/**
 * Stops the component recorded in its pid file: SIGTERM, then SIGKILL after `timeoutMs`
 * milliseconds. Only signals a process whose command line carries our owner marker. Internal.
 */
export async function stopProcess(paths: ProcessPaths, timeoutMs: number): Promise<StopOutcome> {
  const pid = runningPid(paths);
  if (pid === undefined) {
    fs.rmSync(paths.pidFile, { force: true });
    return 'not-running';
  }
  signal(pid, 'SIGTERM');
  if (await exits(pid, paths, timeoutMs)) {
    fs.rmSync(paths.pidFile, { force: true });
    return 'stopped';
  }
  signal(pid, 'SIGKILL');
  if (!(await exits(pid, paths, 5000))) throw new StackError(`pid ${pid} survived SIGKILL (${paths.dir})`);
  fs.rmSync(paths.pidFile, { force: true });
  return 'killed';
}

/** Sends `name` to `pid`, ignoring a process that has exited meanwhile. */
function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Polls until our process `pid` is gone; false when it still runs after `timeoutMs` milliseconds. */
async function exits(pid: number, paths: ProcessPaths, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isOurs(pid, paths)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

function readPidFile(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function readProc(pid: number, file: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}
