import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { isReady } from '../platform';

const root = join(__dirname, '..', '..', '..');

/** One service the chaos run starts: which entry point, on which port, with which environment. */
export interface ServiceSpec {
  /** A name for logs and the report, e.g. `processors-a`. */
  name: string;
  /** The service directory under services/. */
  service: 'processors' | 'command-api' | 'query-api';
  /** The port its /readyz answers on. */
  port: number;
  env: Record<string, string>;
}

/**
 * A service process started by the chaos run (internal): `node --import tsx services/<service>/src/main.ts`,
 * one process (no wrapper), so its pid is the service itself and `kill -9` hits exactly it. Output goes to
 * `<logDir>/<name>.log`. Only processes started here are ever signalled.
 */
export function createServiceProcess(spec: ServiceSpec, logDir: string) {
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const url = `http://127.0.0.1:${spec.port}`;

  const start = async (readyWithinMs = 90_000): Promise<void> => {
    const log = createWriteStream(join(logDir, `${spec.name}.log`), { flags: 'a' });
    const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'services', spec.service, 'src', 'main.ts')], {
      cwd: root, env: { ...process.env, ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    const deadline = Date.now() + readyWithinMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`${spec.name} exited while starting (code ${proc.exitCode}); see ${logDir}/${spec.name}.log`);
      if (await isReady(url)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${spec.name} was not ready within ${readyWithinMs / 1000} s; see ${logDir}/${spec.name}.log`);
  };

  const running = () => child !== null && child.exitCode === null && child.signalCode === null;

  return {
    spec,
    url,
    start,
    running,
    /** `kill -9` of this process (and nothing else); resolves once it is gone. */
    async kill(): Promise<void> {
      if (!running()) return;
      child?.kill('SIGKILL');
      await exited;
    },
    /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with how long it took, in milliseconds. */
    async terminate(graceMs = 30_000): Promise<number> {
      const started = Date.now();
      if (!running()) return 0;
      child?.kill('SIGTERM');
      const killer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
      return Date.now() - started;
    },
  };
}

export type ServiceProcess = ReturnType<typeof createServiceProcess>;
