import { connect } from 'node:net';
import { join } from 'node:path';
import { ensureCertificate, type Certificate } from './ensureCertificate';
import { startTlsProxy, type TlsRoute } from './startTlsProxy';

/** The public ports of `npm start` and `npm run dev`, by the environment key that sets each. */
const PUBLIC_PORTS = [
  { name: 'web', key: 'WEB_PORT', port: 3000 },
  { name: 'command-api', key: 'COMMAND_API_PORT', port: 3001 },
  { name: 'query-api', key: 'QUERY_API_PORT', port: 3002 },
  { name: 'processors', key: 'PROCESSORS_PORT', port: 3003 },
] as const;

/**
 * Where a service listens in plain HTTP once TLS takes its public port: this much higher, unless
 * HTTPS_INTERNAL_PORT_OFFSET says otherwise (a machine where those ports are taken).
 */
const DEFAULT_INTERNAL_PORT_OFFSET = 10_000;

/** What {@link planHttps} decided: the certificate and one route per public port. Public. */
export interface HttpsPlan {
  certificate: Certificate;
  routes: TlsRoute[];
}

/**
 * Makes (or reuses) the mkcert certificate under `<stateDir>/https`, then moves each service to an
 * internal port by rewriting the port keys of `env` (WEB_PORT 3000 → 13000, …; HTTPS_INTERNAL_PORT_OFFSET
 * changes the 10000), so the TLS proxies
 * can take the public ones. Call before the services are configured. Throws a one-line
 * CertificateError when mkcert is missing. Public.
 */
export function planHttps(env: NodeJS.ProcessEnv, stateDir: string): HttpsPlan {
  const certificate = ensureCertificate(join(stateDir, 'https'));
  // Services and tools started from here (a webhook to an https URL, the seed) trust it too.
  env.NODE_EXTRA_CA_CERTS ??= certificate.caFile;
  const offset = Number(env.HTTPS_INTERNAL_PORT_OFFSET ?? DEFAULT_INTERNAL_PORT_OFFSET);
  if (!Number.isInteger(offset) || offset < 1) throw new Error(`--https: HTTPS_INTERNAL_PORT_OFFSET=${env.HTTPS_INTERNAL_PORT_OFFSET} is not a positive whole number`);
  const routes = PUBLIC_PORTS.map(({ name, key, port }) => {
    const publicPort = Number(env[key] ?? port);
    const targetPort = publicPort + offset;
    if (!Number.isInteger(publicPort) || targetPort > 65_535) throw new Error(`--https: ${key}=${env[key]} leaves no internal port (it adds ${offset})`);
    env[key] = String(targetPort);
    return { name, publicPort, targetPort };
  });
  return { certificate, routes };
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` within 1 s. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.once('connect', () => done(true)).once('error', () => done(false)).once('timeout', () => done(false));
  });
}

/**
 * Starts the TLS proxies of a plan for the services that listen (`--no-web`: no dashboard proxy);
 * returns their https URLs by service name and a `close`. Call once the services are ready. Public.
 */
export async function startHttps(plan: HttpsPlan): Promise<{ urls: Map<string, string>; close(): Promise<void> }> {
  const up = await Promise.all(plan.routes.map((route) => listening(route.targetPort)));
  const routes = plan.routes.filter((_, index) => up[index]);
  const proxies = await Promise.all(routes.map((route) => startTlsProxy(route, plan.certificate)));
  return {
    urls: new Map(routes.map((route) => [route.name, `https://127.0.0.1:${route.publicPort}`])),
    close: async () => {
      await Promise.all(proxies.map((proxy) => proxy.close()));
    },
  };
}

/** {@link planHttps} for a command line: a certificate problem prints its one line and exits 1. Public. */
export function planHttpsOrExit(env: NodeJS.ProcessEnv, stateDir: string): HttpsPlan {
  try {
    return planHttps(env, stateDir);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

/** The lines to print once the proxies run: each https URL, and how Node clients trust it. Public. */
export function httpsSummary(urls: Map<string, string>, plan: HttpsPlan): string[] {
  return [
    'over TLS (mkcert certificate, trusted by this machine\'s browsers):',
    ...[...urls].map(([name, url]) => `  ${name.padEnd(12)} ${url}`),
    `  Node clients: NODE_EXTRA_CA_CERTS=${plan.certificate.caFile}`,
  ];
}
