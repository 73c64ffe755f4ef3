import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { NotFoundError, toProblem } from '@conveyor/errors';
import { activeTraceId } from '../tracing';

/**
 * The outermost middleware: maps any error to an RFC 7807 problem+json response.
 * 5xx responses carry the trace id and a generic title; the cause goes to the log only.
 */
export function problemMiddleware(logger: Logger): Middleware {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new NotFoundError(`no route for ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const traceId = activeTraceId();
      const problem = toProblem(err, { instance: ctx.path, ...(traceId ? { traceId } : {}) });
      if (problem.status >= 500) logger.error({ err, path: ctx.path }, 'request failed');
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      ctx.body = problem;
    }
  };
}
