/**
 * `npm run dev`: the platform for working on it. Brings the stack up (when it is not running), runs
 * the processors, the command API and the query API under `tsx watch` (a saved change to a handler,
 * a route or a shared package restarts only the services that import it), and the dashboard on the
 * Vite dev server (hot module replacement), which proxies both APIs under one origin:
 * `/command-api/*` and `/query-api/*`.
 *
 * Ports as in `npm start`: WEB_PORT (3000), COMMAND_API_PORT (3001), QUERY_API_PORT (3002),
 * PROCESSORS_PORT (3003), IDP_PORT (3004: the local identity provider, unless `--no-identity` or OIDC_ISSUER),
 * COMMAND_API_METRICS_PORT (9101) and QUERY_API_METRICS_PORT (9102), the APIs' /metrics. Flags: `--https` (TLS on every public port, mkcert; tools/https),
 * `--quiet` (service logs only in .stack/logs/dev-<service>.log, not on the terminal).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { explainOutput } from './explainFailure';
import { localSecretsEnv } from './localSecretsEnv';
import { httpsSummary, planHttpsOrExit, startHttps } from './https';
import { stackUp } from './stack/src/index';
import { ensureLocalApiKey } from './localApiKey';

const root = join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const stateDir = process.env.CONVEYOR_STATE_DIR ?? join(root, '.stack');
const logDir = process.env.CONVEYOR_LOG_DIR ?? join(stateDir, 'logs');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);

/** The public origin of one port (what a browser uses), read before --https moves the services. */
const portOf = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const publicWeb = `${args.has('--https') ? 'https' : 'http'}://127.0.0.1:${portOf('WEB_PORT', 3000)}`;
const httpsPlan = args.has('--https') ? planHttpsOrExit(process.env, stateDir) : undefined;
// Both APIs accept this admin key (AUTH_BOOTSTRAP_API_KEY); the local tools read it from .stack/api-key.
const apiEnv = { AUTH_BOOTSTRAP_API_KEY: ensureLocalApiKey(process.env, stateDir), CORS_ORIGINS: process.env.CORS_ORIGINS ?? `${publicWeb},http://localhost:${portOf('WEB_PORT', 3000)}` };

/** One process `npm run dev` runs: its command, environment and readiness URL. */
interface DevService {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  readyUrl: string;
}

/** Every service, in start order; the processors first (they migrate the read model and create the topics). */
function devServices(): DevService[] {
  const ports = {
    web: portOf('WEB_PORT', 3000), command: portOf('COMMAND_API_PORT', 3001),
    query: portOf('QUERY_API_PORT', 3002), processors: portOf('PROCESSORS_PORT', 3003),
    // The APIs' /metrics ports, as `npm start` takes them (a second platform beside the first moves them too).
    commandMetrics: portOf('COMMAND_API_METRICS_PORT', 9101), queryMetrics: portOf('QUERY_API_METRICS_PORT', 9102),
  };
  const watch = (main: string) => [bin('tsx'), 'watch', '--clear-screen=false', main];
  const local = (port: number) => `http://127.0.0.1:${port}`;
  // Identity (issue 11): the local OIDC provider, unless --no-identity or an OIDC_ISSUER of your own.
  const idpPort = portOf('IDP_PORT', 3004);
  const withIdentity = !args.has('--no-identity') && !process.env.OIDC_ISSUER;
  const oidcIssuer = process.env.OIDC_ISSUER ?? (withIdentity ? local(idpPort) : '');
  const identity: DevService[] = withIdentity
    ? [{ name: 'identity', command: watch('services/identity/src/main.ts'), cwd: root, env: { IDP_PORT: String(idpPort), IDP_DASHBOARD_ORIGINS: publicWeb }, readyUrl: `${local(idpPort)}/readyz` }]
    : [];
  return [
    { name: 'processors', command: watch('services/processors/src/main.ts'), cwd: root, env: { METRICS_PORT: String(ports.processors), EGRESS_ALLOW_LOOPBACK: process.env.EGRESS_ALLOW_LOOPBACK ?? 'true', ...localSecretsEnv(stateDir) }, readyUrl: `${local(ports.processors)}/readyz` },
    { name: 'command-api', command: watch('services/command-api/src/main.ts'), cwd: root, env: { PORT: String(ports.command), METRICS_PORT: String(ports.commandMetrics), OIDC_ISSUER: oidcIssuer, ...apiEnv, ...localSecretsEnv(stateDir) }, readyUrl: `${local(ports.command)}/readyz` },
    { name: 'query-api', command: watch('services/query-api/src/main.ts'), cwd: root, env: { PORT: String(ports.query), METRICS_PORT: String(ports.queryMetrics), OIDC_ISSUER: oidcIssuer, ...apiEnv }, readyUrl: `${local(ports.query)}/readyz` },
    {
      name: 'web', command: [bin('vite'), '--host', '127.0.0.1', '--port', String(ports.web), '--strictPort'], cwd: join(root, 'web'),
      // The dashboard calls the APIs on its own origin; web/vite.config.ts proxies them to these targets.
      env: {
        VITE_COMMAND_API: `${publicWeb}/command-api`, VITE_QUERY_API: `${publicWeb}/query-api`, VITE_OIDC_ISSUER: oidcIssuer,
        COMMAND_API_TARGET: local(ports.command), QUERY_API_TARGET: local(ports.query),
      },
      readyUrl: `${local(ports.web)}/`,
    },
    ...identity,
  ];
}

const children = new Map<string, ChildProcess>();
let stopping = false;

/** Starts one service in its own process group (tsx watch and Vite have children of their own). */
function startService(s: DevService): void {
  const child = spawn(s.command[0] as string, s.command.slice(1), {
    cwd: s.cwd, env: { ...process.env, ...s.env, SERVICE_NAME: s.name }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  const file = createWriteStream(join(logDir, `dev-${s.name}.log`), { flags: 'a' });
  let tail = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(file, { end: false });
    stream?.on('data', (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-64 * 1024);
      if (!quiet) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${s.name}] `));
      if (/"level":"fatal"/.test(chunk.toString())) onFatal(s, chunk.toString());
    });
  }
  // A service that crashes under tsx watch waits for the next save; only the watcher itself ending is fatal.
  child.on('close', (code, signal) => {
    children.delete(s.name);
    if (stopping) return;
    console.error(`${s.name} exited (${signal ?? `code ${code}`}); log: ${join(logDir, `dev-${s.name}.log`)}`);
    const why = explainOutput(tail);
    if (why) console.error(`  reason: ${why.reason}${why.fix ? `\n  fix:    ${why.fix}` : ''}`);
    void stopAll(1);
  });
  children.set(s.name, child);
}

const ready = new Set<string>();

/**
 * A service logged a fatal error; tsx watch keeps waiting for a save. Before the platform is up that is
 * a dead end, so say why and stop; later (a bad edit) say why and keep watching.
 */
function onFatal(s: DevService, output: string): void {
  const why = explainOutput(output);
  console.error(`${s.name} failed${ready.has(s.name) ? ' (it restarts on the next save)' : ''}: ${why?.reason ?? 'see its log'}${why?.fix ? `\n  fix: ${why.fix}` : ''}`);
  if (!ready.has(s.name)) void stopAll(1);
}

/** Polls `url` until it answers 2xx, in milliseconds at most `timeoutMs`. */
async function waitReady(s: DevService, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const ok = await fetch(s.readyUrl, { signal: AbortSignal.timeout(2000) }).then((res) => res.ok, () => false);
    if (ok) {
      ready.add(s.name);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!stopping) throw new Error(`${s.name} was not ready within ${timeoutMs / 1000} s; see ${join(logDir, `dev-${s.name}.log`)}`);
}

/** Ends every service's process group (SIGTERM, SIGKILL after 20 s) and exits; the stack keeps running. */
async function stopAll(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the services (the stack keeps running: `npm run stack -- down` stops it)…');
  await Promise.all([...children.values()].map((child) => new Promise<void>((resolve) => {
    const group = -(child.pid as number);
    child.once('close', () => resolve());
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      resolve();
    }
    setTimeout(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 20_000).unref();
  })));
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // 1. The stack: a no-op for what already runs.
  const up = await stackUp({ log: (line) => console.log(line) });

  // 2. The processors, then the APIs and the dashboard.
  const [processors, ...rest] = devServices() as [DevService, ...DevService[]];
  startService(processors);
  await waitReady(processors);
  rest.forEach(startService);
  await Promise.all(rest.map((s) => waitReady(s)));

  // 3. TLS in front, when asked.
  const tls = httpsPlan ? await startHttps(httpsPlan) : undefined;

  console.log(`\nConveyor (dev) is up: saving a file under services/ or packages/ restarts the services that use it, web/src hot-reloads`);
  console.log(`  dashboard    ${publicWeb}  (APIs proxied at /command-api and /query-api)`);
  for (const s of [processors, ...rest.slice(0, 2)]) console.log(`  ${s.name.padEnd(12)} ${s.readyUrl.replace(/\/readyz$/, '')}`);
  console.log(`  kafka        ${up.status.endpoints.kafkaBrokers.join(',')}`);
  if (children.has('identity')) console.log(`  identity     http://127.0.0.1:${portOf('IDP_PORT', 3004)}  (sign in as admin/conveyor-admin, see the README)`);
  console.log(`  logs         ${logDir}/dev-*.log`);
  if (tls && httpsPlan) console.log(httpsSummary(tls.urls, httpsPlan).join('\n'));
  console.log('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  console.error(`npm run dev: ${error instanceof Error ? error.message : String(error)}`);
  void stopAll(1);
});
