import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A certificate and key in PEM, and the CA that signed them (for Node clients: NODE_EXTRA_CA_CERTS). Public. */
export interface Certificate {
  cert: Buffer;
  key: Buffer;
  /** mkcert's root CA file. */
  caFile: string;
}

/** The names the certificate covers: the loopback addresses the stack and the dashboard use. */
const HOSTS = ['127.0.0.1', 'localhost', '::1'];

/** Thrown when mkcert is missing or fails; its message is one line with the fix. Public. */
export class CertificateError extends Error {
  override name = 'CertificateError';
}

/**
 * A locally trusted certificate from mkcert, made once into `dir` (`mkcert -install` first, which
 * adds mkcert's CA to the system and browser trust stores). Throws {@link CertificateError} with
 * the install command when mkcert is not on PATH. Public.
 */
export function ensureCertificate(dir: string): Certificate {
  const certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  ensureChromiumTrustStore();
  // Idempotent and quick: also trusts the CA in a browser store created since the last run.
  mkcert(['-install']);
  if (!existsSync(certFile) || !existsSync(keyFile)) {
    mkdirSync(dir, { recursive: true });
    mkcert(['-cert-file', certFile, '-key-file', keyFile, ...HOSTS]);
  }
  const caRoot = mkcert(['-CAROOT']).trim();
  return { cert: readFileSync(certFile), key: readFileSync(keyFile), caFile: join(caRoot, 'rootCA.pem') };
}

/**
 * Chrome and Chromium on Linux trust the NSS database in ~/.pki/nssdb, which only exists once the browser
 * has run; mkcert skips a store it cannot find, so create it (empty) when certutil is there.
 */
function ensureChromiumTrustStore(): void {
  const nssdb = join(homedir(), '.pki', 'nssdb');
  if (process.platform !== 'linux' || existsSync(nssdb)) return;
  mkdirSync(nssdb, { recursive: true });
  spawnSync('certutil', ['-d', `sql:${nssdb}`, '-N', '--empty-password'], { stdio: 'ignore' });
}

function mkcert(args: string[]): string {
  const res = spawnSync('mkcert', args, { encoding: 'utf8' });
  if (res.error && (res.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new CertificateError('--https needs mkcert: install it (Debian/Ubuntu: sudo apt-get install mkcert libnss3-tools; macOS: brew install mkcert), then run again');
  }
  if (res.status !== 0) throw new CertificateError(`mkcert ${args.join(' ')} failed: ${(res.stderr || res.stdout).trim().split('\n').pop() ?? ''}`);
  return res.stdout;
}
