import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { join } from 'node:path';
import { waitFor } from '@conveyor/testing';

const root = join(__dirname, '..', '..', '..');

export interface IdentityProcess {
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
  output: () => string;
}

/** Starts the identity provider from source (tsx, as `npm start` does) and waits until it answers /readyz. */
export async function startIdentityProcess(options: { port: number; stateDir: string; dashboardOrigin: string }): Promise<IdentityProcess> {
  const child: ChildProcess = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'services/identity/src/main.ts')], {
    env: { ...process.env, IDP_PORT: String(options.port), IDP_STATE_DIR: options.stateDir, IDP_DASHBOARD_ORIGINS: options.dashboardOrigin, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error(`the identity provider exited: ${out}`);
    const res = await fetch(`http://127.0.0.1:${options.port}/readyz`).catch(() => undefined);
    return res?.ok === true;
  }, { timeoutMs: 60_000, what: 'identity provider ready' });
  return {
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
    output: () => out,
  };
}

/**
 * Verifies an RS256 JWT access token against the issuer's published JWKS (node:crypto; the test checks the
 * provider, not a client library) and returns its payload after checking iss, aud, typ and exp.
 */
export async function verifyAccessToken(issuer: string, token: string): Promise<Record<string, unknown>> {
  const [h, p, s] = token.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg: string; kid: string; typ: string };
  const { keys } = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = keys.find((k) => k.kid === header.kid);
  if (!jwk || header.alg !== 'RS256' || header.typ !== 'at+jwt') throw new Error(`unexpected token header ${JSON.stringify(header)}`);
  if (!verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'))) throw new Error('bad signature');
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
  if (payload.iss !== issuer || payload.aud !== 'conveyor' || Number(payload.exp) * 1000 < Date.now()) throw new Error(`bad claims ${JSON.stringify(payload)}`);
  return payload;
}
