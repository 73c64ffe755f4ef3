import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Where the platform answers; override with E2E_WEB_URL, E2E_COMMAND_URL, E2E_QUERY_URL. */
export interface PlatformUrls {
  web: string;
  command: string;
  query: string;
}

export const platformUrls: PlatformUrls = {
  web: process.env.E2E_WEB_URL ?? 'http://127.0.0.1:3000',
  command: process.env.E2E_COMMAND_URL ?? 'http://127.0.0.1:3001',
  query: process.env.E2E_QUERY_URL ?? 'http://127.0.0.1:3002',
};

/**
 * The admin key the tests act with outside the browser, and that signs every browser test in unless it
 * tests signing in (issue 11): AUTH_BOOTSTRAP_API_KEY, which the platform accepts as the admin key named
 * `bootstrap`. When unset, one is made for this run and handed to the `npm start` this run starts.
 */
export const e2eApiKey: string = process.env.AUTH_BOOTSTRAP_API_KEY ?? (process.env.AUTH_BOOTSTRAP_API_KEY = `e2e-${randomBytes(24).toString('hex')}`);

/** fetch with the e2e admin key (`Authorization: Bearer`), for the tests' own calls to the APIs. */
export function apiFetch(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${e2eApiKey}`);
  return fetch(url, { ...init, headers });
}

/** Where the local identity provider answers (E2E_IDP_URL; default :3004). */
export const idpUrl = process.env.E2E_IDP_URL ?? 'http://127.0.0.1:3004';

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** True when the dashboard and both APIs answer. */
export async function platformUp(urls: PlatformUrls = platformUrls): Promise<boolean> {
  const checks = await Promise.all([answers(`${urls.web}/`), answers(`${urls.command}/readyz`), answers(`${urls.query}/readyz`)]);
  return checks.every(Boolean);
}

export interface RunningPlatform {
  /** Stops what `start` started (nothing when the platform was already up). */
  stop: () => Promise<void>;
  startedHere: boolean;
}

/**
 * Uses the running platform, or starts it with the root `npm start` (tools/start.ts: stack, processors,
 * both APIs and the dashboard) and waits until everything answers, up to `timeoutMs` milliseconds.
 * Its output goes to `logFile`.
 */
export async function ensurePlatform(options: { repoRoot: string; logFile: string; timeoutMs: number }): Promise<RunningPlatform> {
  if (await platformUp()) return { startedHere: false, stop: async () => undefined };
  console.log(`platform: not up, starting it with \`npm start\` (log: ${options.logFile})`);
  const log = createWriteStream(options.logFile);
  // Its own process group, so stopping it reaches every child it spawned.
  const child: ChildProcess = spawn('npm', ['start'], { cwd: options.repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));

  const stop = async () => {
    if (exited || child.pid === undefined) return;
    console.log('platform: stopping what this run started');
    // SIGINT to npm only: it passes it on, and tools/start.ts stops its services in order.
    process.kill(child.pid, 'SIGINT');
    const graceful = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 90_000))]);
    if (!graceful && !exited) process.kill(-child.pid, 'SIGKILL');
    log.end();
  };

  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`npm start exited before the platform was up; see ${options.logFile}`);
    if (await platformUp()) {
      console.log('platform: up');
      return { startedHere: true, stop };
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await stop();
  throw new Error(`the platform was not up after ${options.timeoutMs / 1000} s; see ${options.logFile}`);
}

export const repoRootOf = (e2eDir: string) => join(e2eDir, '..', '..');

/**
 * Waits until the platform runs jobs end to end: submits a noop job and polls the query API until it
 * succeeded (consumer groups may still be joining right after start). Returns the time it took, in ms.
 */
export async function warmUp(urls: PlatformUrls, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const res = await apiFetch(`${urls.command}/v1/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'noop', payload: { e2e: 'warm-up' } }),
  });
  const text = await res.text();
  if (res.status !== 202) throw new Error(`warm-up: POST /v1/jobs answered ${res.status}: ${text}`);
  const { jobId } = JSON.parse(text) as { jobId: string };
  while (Date.now() - started < timeoutMs) {
    const job = await apiFetch(`${urls.query}/v1/jobs/${jobId}`).then((r) => (r.ok ? (r.json() as Promise<{ status: string }>) : null)).catch(() => null);
    if (job?.status === 'succeeded') return Date.now() - started;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`warm-up: noop job ${jobId} did not succeed within ${timeoutMs / 1000} s (processors not consuming?)`);
}
