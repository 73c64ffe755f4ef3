import type Koa from 'koa';
import type { Server } from 'node:http';

/** Starts a Koa app on host:port; resolves with the server and a close function that drains keep-alive sockets. */
export async function listen(app: Koa, options: { port: number; host?: string }): Promise<{ server: Server; close: () => Promise<void> }> {
  const server = app.listen(options.port, options.host ?? '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65000;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5000).unref();
    });
  return { server, close };
}
