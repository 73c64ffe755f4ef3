import type { Middleware } from 'koa';

export interface SecurityHeadersOptions {
  /** Sends Strict-Transport-Security (the APIs sit behind TLS: NODE_ENV=production or HSTS=true). */
  hsts: boolean;
}

/**
 * Security headers on every answer of a JSON API (public), errors included: no MIME sniffing, a
 * content security policy that loads nothing and may not be framed, no referrer, and HSTS when asked.
 */
export function securityHeaders(options: SecurityHeadersOptions): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    ctx.set('Referrer-Policy', 'no-referrer');
    if (options.hsts) ctx.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    await next();
  };
}
