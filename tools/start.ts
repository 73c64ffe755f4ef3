/**
 * `npm start`: the whole platform on one machine. Brings the stack up (Kafka, schema registry,
 * PostgreSQL check), starts the processors, the command API, the query API and the dashboard,
 * waits until each answers /readyz, prints the URLs, and stops everything on Ctrl-C.
 *
 * The services run compiled: each one's esbuild bundle (`npm run build`), rebuilt first when it is
 * missing or older than its sources.
 *
 * Flags: `--logs` streams every service's log lines to this terminal (default: files under
 * .stack/logs/); `--no-web` skips the dashboard; `--keep-stack` leaves Kafka and the registry
 * running on exit even when this command started them; `--from-source` (or CONVEYOR_FROM_SOURCE=1)
 * runs the services' TypeScript with tsx instead of the bundles; `--https` serves every port over TLS
 * with a locally trusted mkcert certificate (tools/https); `--no-identity` does not start the local identity
 * provider (neither does an `OIDC_ISSUER` in the environment: the APIs then trust that issuer).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLocalApiKey } from './localApiKey';
import { buildService, serviceNames } from './build/buildService';
import { isStale, serviceInputs } from './build/isStale';
import { serviceNodeOptions } from './build/serviceNodeOptions';
import { stackDown, stackUp } from './stack/src/index';
import { explainOutput } from './explainFailure';
import { localSecretsEnv } from './localSecretsEnv';
import { httpsSummary, planHttpsOrExit, startHttps } from './https';

const root = join(__dirname, '..');
const args = new Set(process.argv.slice(2));
const streamLogs = args.has('--logs');
const withWeb = !args.has('--no-web');
const keepStack = args.has('--keep-stack');
const fromSource = args.has('--from-source') || process.env.CONVEYOR_FROM_SOURCE === '1';
const stateDir = process.env.CONVEYOR_STATE_DIR ?? join(root, '.stack');
const logDir = join(stateDir, 'logs');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
/**
 * What a browser uses, read before --https moves the services: the public ports, and whether the API ports
 * were set (else the dashboard's default, the page's own host on 3001/3002, is kept).
 */
const scheme = args.has('--https') ? 'https' : 'http';
const publicPort = (key: string, def: number) => Number(process.env[key] ?? def);
const publicWebPort = publicPort('WEB_PORT', 3000);
const publicApi = (key: 'COMMAND_API_PORT' | 'QUERY_API_PORT', def: number) => (process.env[key] ? `${scheme}://127.0.0.1:${publicPort(key, def)}` : '');
const publicApis = { command: publicApi('COMMAND_API_PORT', 3001), query: publicApi('QUERY_API_PORT', 3002) };
// Before the ports below are read: TLS proxies take the public ports, the services move to internal ones.
const httpsPlan = args.has('--https') ? planHttpsOrExit(process.env, stateDir) : undefined;

interface Service {
  name: string;
  command: string[];
  env: Record<string, string>;
  readyUrl: string;
  url: string;
}

const port = (key: string, def: number) => Number(process.env[key] ?? def);
// Both APIs accept this admin key (AUTH_BOOTSTRAP_API_KEY); the local tools read it from .stack/api-key.
const apiKey = ensureLocalApiKey(process.env, stateDir);
const dashboardOrigins = ['http', 'https'].flatMap((s) => [`${s}://127.0.0.1:${publicWebPort}`, `${s}://localhost:${publicWebPort}`]).join(',');
const apiEnv = { AUTH_BOOTSTRAP_API_KEY: apiKey, CORS_ORIGINS: process.env.CORS_ORIGINS ?? dashboardOrigins };
const bundleOf = (service: string) => join(root, 'services', service, 'dist', 'lib', 'main.js');
/** The command that runs a service: its bundle, or its TypeScript source with `--from-source`. */
const serviceCommand = (service: string) =>
  fromSource ? [tsx, `services/${service}/src/main.ts`] : [process.execPath, '--enable-source-maps', bundleOf(service)];
// The key ring secrets of job payloads are sealed and opened with (issue 11): one local key in .stack/.
const secretsEnv = localSecretsEnv(stateDir);
// The services' heap ceiling (tools/build/serviceNodeOptions.ts), as the image sets it.
const nodeOptions = { NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS) };
const services: Service[] = [
  {
    name: 'processors', command: serviceCommand('processors'),
    // Local receivers (the README's examples, seed, load test) listen on 127.0.0.1: allowed here only, explicitly.
    env: { ...nodeOptions, METRICS_PORT: String(port('PROCESSORS_PORT', 3003)), EGRESS_ALLOW_LOOPBACK: process.env.EGRESS_ALLOW_LOOPBACK ?? 'true', ...secretsEnv },
    readyUrl: `http://127.0.0.1:${port('PROCESSORS_PORT', 3003)}/readyz`, url: `http://127.0.0.1:${port('PROCESSORS_PORT', 3003)}/metrics`,
  },
  {
    name: 'command-api', command: serviceCommand('command-api'),
    // /metrics on a port of its own: COMMAND_API_METRICS_PORT / QUERY_API_METRICS_PORT when the platform runs beside another.
    // The same egress settings as the processors: a webhook to a local receiver is refused at creation otherwise.
    env: { ...nodeOptions, PORT: String(port('COMMAND_API_PORT', 3001)), METRICS_PORT: String(port('COMMAND_API_METRICS_PORT', 9101)), EGRESS_ALLOW_LOOPBACK: process.env.EGRESS_ALLOW_LOOPBACK ?? 'true', ...apiEnv, ...secretsEnv },
    readyUrl: `http://127.0.0.1:${port('COMMAND_API_PORT', 3001)}/readyz`, url: `http://127.0.0.1:${port('COMMAND_API_PORT', 3001)}`,
  },
  {
    name: 'query-api', command: serviceCommand('query-api'),
    env: { ...nodeOptions, PORT: String(port('QUERY_API_PORT', 3002)), METRICS_PORT: String(port('QUERY_API_METRICS_PORT', 9102)), ...apiEnv },
    readyUrl: `http://127.0.0.1:${port('QUERY_API_PORT', 3002)}/readyz`, url: `http://127.0.0.1:${port('QUERY_API_PORT', 3002)}`,
  },
];
// Identity (issue 11): the local OIDC provider (services/identity, a dev component run from source) signs the
// dashboard's users in; both APIs trust its tokens. `--no-identity` or an OIDC_ISSUER of your own skips it.
const identity: Service | undefined = args.has('--no-identity') || process.env.OIDC_ISSUER ? undefined : {
  name: 'identity', command: [tsx, 'services/identity/src/main.ts'],
  env: { IDP_PORT: String(port('IDP_PORT', 3004)), IDP_DASHBOARD_ORIGINS: process.env.IDP_DASHBOARD_ORIGINS ?? dashboardOrigins },
  readyUrl: `http://127.0.0.1:${port('IDP_PORT', 3004)}/readyz`, url: `http://127.0.0.1:${port('IDP_PORT', 3004)}`,
};
const oidcIssuer = process.env.OIDC_ISSUER ?? (identity ? identity.url : '');
for (const api of services.filter((s) => s.name.endsWith('-api'))) Object.assign(api.env, { OIDC_ISSUER: oidcIssuer });
if (identity) services.unshift(identity);
if (withWeb) {
  const webPort = port('WEB_PORT', 3000);
  services.push({
    name: 'web', command: [join(root, 'node_modules', '.bin', 'vite'), 'preview', '--host', '127.0.0.1', '--port', String(webPort), '--strictPort'],
    env: {}, readyUrl: `http://127.0.0.1:${webPort}/`, url: `http://127.0.0.1:${webPort}`,
  });
}

const children = new Map<string, ChildProcess>();
let stopping = false;
let startedStack = false;

/** Bundles the services whose bundle is missing or older than their sources. */
async function buildServicesIfStale(): Promise<void> {
  for (const service of serviceNames) {
    if (!isStale(bundleOf(service), serviceInputs(root, service))) continue;
    console.log(`${service}: building the bundle (esbuild)…`);
    await buildService({ root, service });
  }
}

/**
 * What the dashboard build bakes in: the issuer the APIs trust and where the APIs answer (from their ports,
 * when set, unless VITE_* say otherwise). A build made with other values is rebuilt, like one older than its sources.
 */
function webBuildEnv(): Record<string, string> {
  return {
    VITE_OIDC_ISSUER: process.env.VITE_OIDC_ISSUER ?? oidcIssuer,
    // Empty: the dashboard's default, the page's own host name on 3001/3002. With --https, the TLS ports: the
    // internal ones are plain HTTP, which an https page may not call.
    VITE_COMMAND_API: process.env.VITE_COMMAND_API ?? publicApis.command,
    VITE_QUERY_API: process.env.VITE_QUERY_API ?? publicApis.query,
  };
}

function buildWebIfStale(): void {
  const baked = webBuildEnv();
  const stampFile = join(stateDir, 'web-build-env.json');
  const stamp = JSON.stringify(baked);
  const sameEnv = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  if (sameEnv && !isStale(join(root, 'web', 'dist', 'index.html'), [join(root, 'web', 'src')])) return;
  console.log('web: building the dashboard (vite build)…');
  const res = spawnSync('npm', ['run', '-w', 'web', 'build'], { cwd: root, env: { ...process.env, ...baked }, stdio: streamLogs ? 'inherit' : 'ignore' });
  if (res.status !== 0) throw new Error('the dashboard build failed: run `npm run -w web build` to see why');
  writeFileSync(stampFile, stamp);
}

function startService(s: Service): ChildProcess {
  const cwd = s.name === 'web' ? join(root, 'web') : root;
  const child = spawn(s.command[0] as string, s.command.slice(1), {
    cwd, env: { ...process.env, ...s.env, SERVICE_NAME: s.name }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = join(logDir, `${s.name}.log`);
  const file = createWriteStream(logFile, { flags: 'a' });
  // The end of this run's output, to say why the service exited without sending anyone to the log.
  let tail = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.pipe(file, { end: false });
    stream?.on('data', (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-64 * 1024)));
    if (streamLogs) stream?.on('data', (chunk: Buffer) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, `[${s.name}] `)));
  }
  // 'close', not 'exit': the last lines of output have arrived by then.
  child.on('close', (code, signal) => {
    children.delete(s.name);
    if (!stopping) {
      console.error(`${s.name} exited (${signal ?? `code ${code}`}); see ${logFile}. Stopping the platform.`);
      const why = explainOutput(tail);
      if (why) console.error(`  reason: ${why.reason.replace(/\n/g, '\n          ')}${why.fix ? `\n  fix:    ${why.fix}` : ''}`);
      void stopAll(1);
    }
  });
  children.set(s.name, child);
  return child;
}

async function waitReady(s: Service, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      const res = await fetch(s.readyUrl, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${s.name} was not ready within ${timeoutMs / 1000} s; see ${join(logDir, `${s.name}.log`)}`);
}

async function stopAll(code: number): Promise<never> {
  if (stopping) return new Promise<never>(() => undefined);
  stopping = true;
  console.log('\nstopping…');
  const exits = [...children.entries()].reverse().map(([, child]) => new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 20_000).unref();
  }));
  await Promise.all(exits);
  if (startedStack && !keepStack) await stackDown({ log: (l) => console.log(l) }).catch((e: unknown) => console.error(String(e)));
  process.exit(code);
}

async function main(): Promise<void> {
  mkdirSync(logDir, { recursive: true });
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  // 1. The stack: Kafka, the schema registry, the database.
  const t0 = Date.now();
  const up = await stackUp({ log: (l) => console.log(l) });
  startedStack = up.started.some((c) => c.action === 'started');

  // 2. The bundles, rebuilt when stale; then the processors first: they run the migrations and apply
  //    the topic catalog.
  if (!fromSource) await buildServicesIfStale();
  if (identity) startService(identity);
  const [processors, ...rest] = services.filter((s) => s !== identity) as [Service, ...Service[]];
  startService(processors);
  await waitReady(processors);
  // A service that exited meanwhile is stopping the platform (its reason printed): start nothing more.
  if (stopping) return;

  // 3. The APIs and the dashboard.
  if (withWeb) buildWebIfStale();
  rest.forEach(startService);
  await Promise.all([...rest, ...(identity ? [identity] : [])].map((s) => waitReady(s)));
  if (stopping) return;

  console.log(`\nConveyor is up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  for (const s of services) console.log(`  ${s.name.padEnd(12)} ${s.url}`);
  console.log(`  ${'kafka'.padEnd(12)} ${up.status.endpoints.kafkaBrokers.join(',')}`);
  console.log(`  ${'registry'.padEnd(12)} ${up.status.endpoints.registryUrl}`);
  console.log(`  ${'logs'.padEnd(12)} ${logDir}/`);
  console.log(`  ${'api key'.padEnd(12)} ${join(stateDir, 'api-key')} (the bootstrap admin key: Authorization: Bearer $(cat .stack/api-key))`);
  if (httpsPlan) console.log(httpsSummary((await startHttps(httpsPlan)).urls, httpsPlan).join('\n'));
  console.log('Press Ctrl-C to stop.');
}

main().catch((err: unknown) => {
  console.error(`npm start: ${err instanceof Error ? err.message : String(err)}`);
  void stopAll(1);
});
