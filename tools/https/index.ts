/**
 * Local HTTPS for `npm start -- --https` and `npm run dev -- --https`: a certificate from mkcert and
 * one TLS-terminating proxy per public port, in front of the services moved to internal ports.
 */
export { ensureCertificate, CertificateError } from './ensureCertificate';
export { startTlsProxy } from './startTlsProxy';
export { httpsSummary, planHttps, planHttpsOrExit, startHttps } from './startHttps';

export type { Certificate } from './ensureCertificate';
export type { TlsRoute } from './startTlsProxy';
export type { HttpsPlan } from './startHttps';
