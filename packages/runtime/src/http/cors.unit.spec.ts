import Koa from 'koa';
import { listen } from './listen';
import { cors } from './cors';

async function serve(app: Koa) {
  const running = await listen(app, { port: 0, host: '127.0.0.1' });
  const address = running.server.address();
  return { base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => running.close() };
}

describe('cors', () => {
  it('exposes the named response headers to scripts of allowed origins, and answers preflights', async () => {
    const app = new Koa();
    app.use(cors({ origin: 'http://dash.test', exposeHeaders: ['Conveyor-Position', 'Location'] }));
    app.use((ctx) => { ctx.set('Conveyor-Position', 't:0:1'); ctx.body = {}; });
    const server = await serve(app);
    try {
      const res = await fetch(`${server.base}/x`, { headers: { origin: 'http://dash.test' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('http://dash.test');
      expect(res.headers.get('access-control-expose-headers')).toBe('Conveyor-Position, Location');
      const other = await fetch(`${server.base}/x`, { headers: { origin: 'http://evil.test' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await fetch(`${server.base}/x`, { method: 'OPTIONS', headers: { origin: 'http://dash.test', 'access-control-request-method': 'POST' } });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    } finally {
      await server.close();
    }
  });
});
