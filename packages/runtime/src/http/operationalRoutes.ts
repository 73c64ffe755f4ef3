import type { Middleware } from 'koa';
import type { Registry } from 'prom-client';
import { withTimeout } from '../withTimeout';

/** A named readiness check: resolves when the dependency answers, throws otherwise. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<unknown>;
}

/**
 * `/healthz` (the process is alive), `/readyz` (every dependency answers, within 2 s each)
 * and, when given a registry, `/metrics` (Prometheus text format), served before any other route. The
 * APIs serve /metrics on a port of their own (METRICS_PORT), not beside their authenticated routes.
 */
export function operationalRoutes(options: { registry?: Registry; checks: ReadinessCheck[]; isShuttingDown?: () => boolean }): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    if (ctx.path === '/healthz') {
      ctx.body = { status: 'ok' };
      return;
    }
    if (ctx.path === '/readyz') {
      const results = await Promise.all(options.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), 2000, () => new Error('timed out after 2000 ms'));
          return { name: c.name, ok: true };
        } catch (err) {
          return { name: c.name, ok: false, error: err instanceof Error ? err.message : String(err) };
        }
      }));
      const shutting = options.isShuttingDown?.() ?? false;
      const ready = !shutting && results.every((r) => r.ok);
      ctx.status = ready ? 200 : 503;
      ctx.body = { status: ready ? 'ready' : shutting ? 'shutting-down' : 'not-ready', checks: results };
      return;
    }
    if (ctx.path === '/metrics' && options.registry) {
      ctx.type = options.registry.contentType;
      ctx.body = await options.registry.metrics();
      return;
    }
    return next();
  };
}
