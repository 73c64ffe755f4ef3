import type { Middleware } from 'koa';

export interface CorsOptions {
  /** `*` or a comma-separated list of allowed origins. */
  origin: string;
  allowHeaders?: string[];
  allowMethods?: string[];
  /** Response headers a script on another origin may read (Access-Control-Expose-Headers). */
  exposeHeaders?: string[];
  /** How long a browser may cache a preflight answer, in seconds. */
  maxAgeSeconds?: number;
}

/**
 * CORS for the dashboard, which calls the APIs from the browser on another port (public): sets
 * Access-Control-Allow-* on every answer (errors included, since it runs before the routes) and answers
 * preflight OPTIONS requests with 204.
 */
export function cors(options: CorsOptions): Middleware {
  const allowed = options.origin.split(',').map((o) => o.trim()).filter(Boolean);
  const any = allowed.includes('*');
  const allowHeaders = (options.allowHeaders ?? ['authorization', 'content-type', 'idempotency-key', 'traceparent', 'tracestate']).join(', ');
  const allowMethods = (options.allowMethods ?? ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']).join(', ');
  const exposeHeaders = options.exposeHeaders?.join(', ');
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (exposeHeaders) ctx.set('Access-Control-Expose-Headers', exposeHeaders);
    if (any) ctx.set('Access-Control-Allow-Origin', '*');
    else {
      ctx.vary('Origin');
      if (origin && allowed.includes(origin)) ctx.set('Access-Control-Allow-Origin', origin);
    }
    if (ctx.method === 'OPTIONS' && ctx.get('access-control-request-method')) {
      ctx.set('Access-Control-Allow-Methods', allowMethods);
      ctx.set('Access-Control-Allow-Headers', allowHeaders);
      ctx.set('Access-Control-Max-Age', String(options.maxAgeSeconds ?? 600));
      ctx.status = 204;
      return;
    }
    await next();
  };
}
