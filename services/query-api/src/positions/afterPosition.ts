import type { Middleware } from 'koa';
import { PositionNotReachedError, type PositionWaiter } from './createPositionWaiter';
import { parseLogPositions } from '@conveyor/read-model';

/** The query parameter naming the positions a read must see (a `Conveyor-Position` token). */
export const afterParameter = 'after';

/**
 * Route middleware (public): with `?after=<Conveyor-Position>`, answers only once `projection` has
 * passed those positions (at most the waiter's bound, then 503 with `Retry-After: 1`); the parameter is
 * then removed from the query, so the route's own parser never sees it. Without it, no wait.
 */
export function afterPosition(waiter: Pick<PositionWaiter, 'waitFor'> | undefined, projection: string): Middleware {
  return async (ctx, next) => {
    const { [afterParameter]: after, ...rest } = ctx.query;
    if (after === undefined) return next();
    const positions = parseLogPositions(Array.isArray(after) ? after.join(',') : after);
    try {
      await waiter?.waitFor(positions, projection);
    } catch (err) {
      if (err instanceof PositionNotReachedError) ctx.set('Retry-After', '1');
      throw err;
    }
    ctx.query = rest;
    return next();
  };
}
