import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runCredentials } from './runCredentials';

const root = join(__dirname, '..', '..');

/** Whether `GET <url>/readyz` answers 2xx within 2 s. */
export async function isReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** The platform a load test runs against, and how to stop it if we started it. */
export interface Platform {
  commandApi: string;
  queryApi: string;
  /** The TOPIC_PREFIX it runs with. */
  topicPrefix: string;
  /** The admin key its APIs accept, when we started it (send as `Authorization: Bearer`); else the configured one. */
  apiKey?: string;
  started: boolean;
  stop(): Promise<void>;
}

/**
 * Uses the running platform when the command and query APIs answer /readyz; otherwise starts it with
 * `tools/start.ts --no-web --keep-stack` (the stack, processors, command API, query API) as a child
 * process on the given ports and topic prefix, waits until it is ready (at most `timeoutMs`), and
 * returns a `stop` that ends that child (and only it).
 */
export async function ensurePlatform(options: {
  commandApi?: string;
  queryApi?: string;
  /** Used only when starting: ports and prefix of the platform we start. */
  start?: { commandPort: number; queryPort: number; processorsPort: number; topicPrefix: string };
  topicPrefix?: string;
  /** The key the running platform accepts; the platform we start accepts it too (AUTH_BOOTSTRAP_API_KEY), or a new one. */
  apiKey?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}): Promise<Platform> {
  const commandApi = options.commandApi ?? 'http://127.0.0.1:3001';
  const queryApi = options.queryApi ?? 'http://127.0.0.1:3002';
  if ((await isReady(commandApi)) && (await isReady(queryApi))) {
    return { commandApi, queryApi, topicPrefix: options.topicPrefix ?? '', ...(options.apiKey ? { apiKey: options.apiKey } : {}), started: false, stop: async () => undefined };
  }
  const s = options.start ?? { commandPort: 3001, queryPort: 3002, processorsPort: 3003, topicPrefix: options.topicPrefix ?? '' };
  const logDir = join(root, '.stack', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `loadtest-platform-${s.commandPort}.log`);
  options.log?.(`starting the platform (tools/start.ts --no-web), log in ${logFile}`);
  // Its admin key is ours; rate limits off: the whole load is one principal, and we measure the platform, not its quota.
  const apiKey = options.apiKey ?? runCredentials('platform').apiKey;
  const child: ChildProcess = spawn(join(root, 'node_modules', '.bin', 'tsx'), ['tools/start.ts', '--no-web', '--keep-stack'], {
    cwd: root,
    env: {
      ...process.env, COMMAND_API_PORT: String(s.commandPort), QUERY_API_PORT: String(s.queryPort), PROCESSORS_PORT: String(s.processorsPort),
      TOPIC_PREFIX: s.topicPrefix, CONVEYOR_STATE_DIR: join(root, '.stack'), AUTH_BOOTSTRAP_API_KEY: apiKey, RATE_LIMIT_ENABLED: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = { commandApi: `http://127.0.0.1:${s.commandPort}`, queryApi: `http://127.0.0.1:${s.queryPort}` };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the platform exited while starting (code ${child.exitCode}); see ${logFile}`);
    if ((await isReady(started.commandApi)) && (await isReady(started.queryApi))) {
      return { ...started, topicPrefix: s.topicPrefix, apiKey, started: true, stop };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`the platform was not ready within ${(options.timeoutMs ?? 180_000) / 1000} s; see ${logFile}`);
}
