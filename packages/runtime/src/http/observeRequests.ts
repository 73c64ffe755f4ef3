import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Metrics } from '../metrics';
import { extractTraceContext, tracer } from '../tracing';

/** The paths of `operationalRoutes`: probes and scrapes, repeated every few seconds. */
const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Wraps each request in a server span continued from the caller's `traceparent`,
 * records HTTP metrics by matched route, and logs one line per request. Probes and scrapes
 * (`/healthz`, `/readyz`, `/metrics`) are counted under their path but neither traced nor logged:
 * each would otherwise start a trace of its own every few seconds.
 */
export function observeRequests(options: { metrics: Metrics; logger: Logger }): Middleware {
  return async (ctx, next) => {
    const operational = ctx.method === 'GET' && probePaths.has(ctx.path);
    const parent = extractTraceContext(ctx.headers as Record<string, unknown>);
    const span = operational ? undefined : tracer().startSpan(`${ctx.method} ${ctx.path}`, { kind: SpanKind.SERVER }, parent);
    const started = process.hrtime.bigint();
    try {
      await (span ? context.with(trace.setSpan(parent, span), next) : next());
    } finally {
      // The route template (`/v1/jobs/:id`) keeps label cardinality bounded.
      const route = operational ? ctx.path : (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      const labels = { route, method: ctx.method, status: String(ctx.status) };
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.metrics.httpRequests.inc(labels);
      options.metrics.httpDuration.observe(labels, seconds);
      if (span) {
        span.updateName(`${ctx.method} ${route}`);
        span.setAttributes({ 'http.request.method': ctx.method, 'http.route': route, 'http.response.status_code': ctx.status });
        if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        context.with(trace.setSpan(parent, span), () =>
          options.logger.debug({ method: ctx.method, path: ctx.path, status: ctx.status, ms: Math.round(seconds * 1000) }, 'request'));
        span.end();
      }
    }
  };
}
