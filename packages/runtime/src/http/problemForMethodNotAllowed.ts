import type { Middleware } from 'koa';

/**
 * @koa/router's allowedMethods answers 405 without a body; every error of our APIs is a problem
 * document, so this fills one in. Mount it before the router.
 */
export function problemForMethodNotAllowed(): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.status === 405 && !ctx.body) {
      ctx.type = 'application/problem+json';
      ctx.body = { type: 'about:blank', title: 'Method Not Allowed', status: 405, detail: `${ctx.method} is not allowed on ${ctx.path}`, instance: ctx.path };
      ctx.status = 405;
    }
  };
}
