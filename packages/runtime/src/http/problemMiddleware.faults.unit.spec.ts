import Koa from 'koa';
import pino from 'pino';
import { createPgPool } from '../postgres';
import { listen } from './listen';
import { problemMiddleware } from './problemMiddleware';

/** Serves one route that queries `pool`, behind the problem middleware; returns the answer to a GET. */
async function answerOf(handler: () => Promise<unknown>) {
  const app = new Koa();
  app.use(problemMiddleware(pino({ level: 'silent' })));
  app.use(async (ctx) => {
    ctx.body = await handler();
  });
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  try {
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const res = await fetch(`http://127.0.0.1:${port}/v1/jobs`);
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
  } finally {
    await server.close();
  }
}

describe('problemMiddleware under a Postgres outage (issue 14, defect 6)', () => {
  it('given Postgres refuses connections, when a request queries it, then the answer is 503 problem+json with Retry-After, not 500', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused as when the server is down.
    const pool = createPgPool({ url: 'postgres://postgres@127.0.0.1:1/none', name: 'outage-test' });
    try {
      const answer = await answerOf(() => pool.query('select 1'));
      expect(answer).toMatchObject({ status: 503, retryAfter: '1', body: { code: 'UNAVAILABLE', status: 503 } });
    } finally {
      await pool.end();
    }
  });

  it('given a connection terminated by the server (SQLSTATE 57P01), when the query fails, then 503', async () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    await expect(answerOf(() => Promise.reject(terminated))).resolves.toMatchObject({ status: 503, retryAfter: '1' });
  });

  it('keeps a bug a 500', async () => {
    await expect(answerOf(() => Promise.reject(new TypeError('x is undefined')))).resolves.toMatchObject({ status: 500, retryAfter: null });
  });
});
