import { connect } from 'node:net';
import { createServer, type Server } from 'node:tls';
import type { Certificate } from './ensureCertificate';

/** One port served over TLS in front of a plain-HTTP one on the same host. Public. */
export interface TlsRoute {
  name: string;
  /** The port browsers and clients use, over TLS. */
  publicPort: number;
  /** The port the service really listens on, plain HTTP, loopback only. */
  targetPort: number;
}

/**
 * Terminates TLS on `publicPort` and pipes the bytes to `targetPort`: at the TCP level, so HTTP,
 * server-sent events and WebSockets (Vite's hot reload) pass unchanged. Resolves once listening;
 * `close()` stops accepting and ends open connections. Public.
 */
export async function startTlsProxy(route: TlsRoute, certificate: Certificate, host = '127.0.0.1'): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer({ cert: certificate.cert, key: certificate.key }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: route.targetPort });
    sockets.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  // A client that fails the handshake (an untrusted CA) is its own problem, not the proxy's.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(route.publicPort, host, () => resolve());
  });
  return {
    close: () => new Promise<void>((resolve) => {
      sockets.forEach((socket) => socket.destroy());
      server.close(() => resolve());
    }),
  };
}
