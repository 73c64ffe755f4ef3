import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { NotFoundError, toProblem } from '@conveyor/errors';
import { activeTraceId } from '../tracing';
import { asClientError } from './dependencyUnavailable';

/** Seconds a client should wait before retrying a 503 (a broker or database outage, a position not reached). */
export const retryAfterSeconds = 1;

/**
 * The outermost middleware: maps any error to an RFC 7807 problem+json response.
 * 5xx responses carry the trace id and a generic title; the cause goes to the log only. A dependency
 * outage (Postgres, Kafka, a socket refused) is a 503, and every 503 carries `Retry-After`.
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
      const problem = toProblem(asClientError(err), { instance: ctx.path, ...(traceId ? { traceId } : {}) });
      if (problem.status === 503) {
        logger.warn({ err, path: ctx.path }, 'request refused: a dependency is unavailable');
        if (!ctx.response.get('Retry-After')) ctx.set('Retry-After', String(retryAfterSeconds));
      } else if (problem.status >= 500) logger.error({ err, path: ctx.path }, 'request failed');
      ctx.status = problem.status;
      ctx.type = 'application/problem+json';
      ctx.body = problem;
    }
  };
}
