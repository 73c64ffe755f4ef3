import type { Context } from 'koa';
import { formatLogPositions, positionHeader, type LogPosition } from '@conveyor/read-model';

/**
 * Answers the log positions of the events a command published in `Conveyor-Position` (internal): the
 * client passes the token to the query API (`?after=`) to read its own write. No header when nothing
 * new was published (an idempotent repeat).
 */
export function setPositionHeader(ctx: Pick<Context, 'set'>, positions: readonly LogPosition[]): void {
  const token = formatLogPositions(positions);
  if (token) ctx.set(positionHeader, token);
}
