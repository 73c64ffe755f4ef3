import Koa from 'koa';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '../logger';
import { createMetrics } from '../metrics';
import { startTracing } from '../tracing';
import { listen } from './listen';
import { observeRequests } from './observeRequests';
import { operationalRoutes } from './operationalRoutes';

describe('observeRequests', () => {
  const exporter = new InMemorySpanExporter();
  const metrics = createMetrics('observe-test');
  let stopTracing: () => Promise<void>;
  let close: () => Promise<void>;
  let base: string;

  beforeAll(async () => {
    stopTracing = startTracing({ service: 'observe-test', spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const app = new Koa();
    app.use(observeRequests({ metrics, logger: createLogger({ service: 'observe-test', level: 'silent' }) }));
    app.use(operationalRoutes({ registry: metrics.registry, checks: [] }));
    app.use((ctx) => {
      ctx.body = { ok: true };
    });
    const running = await listen(app, { port: 0, host: '127.0.0.1' });
    close = () => running.close();
    base = `http://127.0.0.1:${(running.server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await close();
    await stopTracing();
  });

  it('traces requests but not probes and scrapes, and counts both', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/v1/anything']) expect((await fetch(`${base}${path}`)).status).toBe(200);

    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['GET unmatched']);
    const counted = (await metrics.httpRequests.get()).values.map((v) => v.labels.route).sort();
    expect(counted).toEqual(['/healthz', '/metrics', '/readyz', 'unmatched']);
  });
});
