import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { problemMiddleware, createLogger } from '@conveyor/runtime';
import { loadtestRoutes } from './routes';
import { decodeLoadtestCursor, encodeLoadtestCursor, listLoadtestsSql, type LoadtestListQuery } from './queries';
import { parseLoadtestListQuery } from './parseLoadtestListQuery';

const run = { id: '6f1c2b4e-1111-4222-8333-444455556666', startedAt: '2026-01-01T00:00:00Z', finishedAt: null, status: 'passed', settings: { rate: 10 }, results: { passed: true } };

async function serve(app: Koa, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } finally {
    server.close();
  }
}

function appWith(calls: LoadtestListQuery[]): Koa {
  const app = new Koa();
  app.use(problemMiddleware(createLogger({ service: 'test', level: 'silent' })));
  const router = loadtestRoutes({
    loadtests: {
      list: async (q) => {
        calls.push(q);
        return { items: [{ ...run, summary: null }], nextCursor: null };
      },
      get: async (id) => (id === run.id ? run : null),
    },
  });
  app.use(router.routes());
  return app;
}

describe('loadtestRoutes', () => {
  it('lists runs with the parsed query', async () => {
    const calls: LoadtestListQuery[] = [];
    const res = await serve(appWith(calls), '/v1/loadtests?limit=5&status=passed');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    expect(calls[0]).toEqual({ limit: 5, status: 'passed', cursor: null });
  });

  it('returns one run, 404 for an unknown id, 400 for a malformed one', async () => {
    expect((await serve(appWith([]), `/v1/loadtests/${run.id}`)).body).toMatchObject({ id: run.id, results: { passed: true } });
    expect((await serve(appWith([]), '/v1/loadtests/6f1c2b4e-1111-4222-8333-000000000000')).status).toBe(404);
    expect((await serve(appWith([]), '/v1/loadtests/nope')).status).toBe(400);
  });

  it('refuses bad list parameters', async () => {
    const res = await serve(appWith([]), '/v1/loadtests?limit=0&color=red');
    expect(res.status).toBe(400);
  });
});

describe('load-test list SQL and cursors', () => {
  it('builds the newest-first keyset SQL text and round-trips its cursor (text only: not run against Postgres here)', () => {
    const cursor = decodeLoadtestCursor(encodeLoadtestCursor('2026-01-01T00:00:00.000Z', run.id));
    expect(cursor).toEqual({ startedAt: '2026-01-01T00:00:00.000Z', id: run.id });
    const { text, values } = listLoadtestsSql({ limit: 20, status: 'failed', cursor });
    expect(text).toMatch(/order by started_at desc, id desc limit \$4/);
    expect(values).toEqual(['failed', cursor?.startedAt, cursor?.id, 21]);
  });

  it('refuses a foreign cursor', () => {
    expect(decodeLoadtestCursor('bm9wZQ')).toBeNull();
    expect(() => parseLoadtestListQuery({ cursor: 'bm9wZQ' })).toThrow(/invalid query/);
  });
});
