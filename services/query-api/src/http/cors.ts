import type { Middleware } from 'koa';

/**
 * CORS for the dashboard, which calls this API from the browser on another port (internal): read-only
 * methods, answered on every response (errors included, as it runs before the routes); preflights get 204.
 * `origin` is `*` or a comma-separated list of allowed origins.
 */
export function cors(options: { origin: string; maxAgeSeconds?: number }): Middleware {
  const allowed = options.origin.split(',').map((o) => o.trim()).filter(Boolean);
  const any = allowed.includes('*');
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (any) ctx.set('Access-Control-Allow-Origin', '*');
    else {
      ctx.vary('Origin');
      if (origin && allowed.includes(origin)) ctx.set('Access-Control-Allow-Origin', origin);
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', 'GET, OPTIONS');
      ctx.set('Access-Control-Allow-Headers', 'content-type, last-event-id, traceparent, tracestate');
      ctx.set('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
      ctx.status = 204;
      return;
    }
    await next();
  };
}
