import { Router } from '@koa/router';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '@conveyor/errors';
import { commaList, parseQuery, uuidPattern, type RawQuery } from '../http/parseQuery';
import { afterPosition } from '../positions/afterPosition';
import type { PositionWaiter } from '../positions/createPositionWaiter';
import { deadLetterCauses, deadLetterStatuses } from '@conveyor/read-model';
import { decodeDeadLetterCursor, type DeadLetterListQuery, type DeadLetterQueries } from './queries';

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' }).transform((s) => Date.parse(s)).optional();

/** The query of GET /v1/dead-letters; `status` defaults to `dead` (the letters waiting for an operator). */
export const deadLetterListSchema = z.strictObject({
  type: commaList.pipe(z.array(z.string().max(200)).max(50)).optional(),
  cause: commaList.pipe(z.array(z.enum(deadLetterCauses))).optional(),
  status: commaList.pipe(z.array(z.enum([...deadLetterStatuses, 'all'])).max(5)).optional(),
  from: instant,
  to: instant,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** Parses a GET /v1/dead-letters query (pure); throws ValidationError (400) naming each bad parameter. */
export function parseDeadLetterListQuery(query: RawQuery): DeadLetterListQuery {
  const v = parseQuery(deadLetterListSchema, query);
  const cursor = v.cursor === undefined ? null : decodeDeadLetterCursor(v.cursor);
  if (v.cursor !== undefined && !cursor) throw new ValidationError('invalid query parameters', [{ path: 'cursor', message: 'not a cursor returned by this API' }]);
  const statuses = v.status ?? ['dead'];
  return {
    types: v.type ?? [], causes: v.cause ?? [], statuses: statuses.includes('all') ? [] : statuses,
    from: v.from ?? null, to: v.to ?? null, limit: v.limit, cursor,
  };
}

export interface DeadLetterRoutesDeps {
  deadLetters: Pick<DeadLetterQueries, 'list' | 'get'>;
  /** Serves `?after=` (read your own writes) against the `dead_letters` projection. */
  positions?: Pick<PositionWaiter, 'waitFor'>;
}

/** GET /v1/dead-letters (filtered, keyset-paginated, newest first) and GET /v1/dead-letters/:id (public). */
export function deadLetterRoutes(deps: DeadLetterRoutesDeps): Router {
  const queries = deps.deadLetters;
  const after = afterPosition(deps.positions, 'dead_letters');
  const router = new Router();
  router.get('/v1/dead-letters', after, async (ctx) => {
    ctx.body = await queries.list(parseDeadLetterListQuery(ctx.query as RawQuery));
  });
  router.get('/v1/dead-letters/:id', after, async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!uuidPattern.test(id)) throw new ValidationError('invalid dead letter id', [{ path: 'id', message: 'must be a UUID' }]);
    const letter = await queries.get(id.toLowerCase());
    if (!letter) throw new NotFoundError(`dead letter ${id} not found`);
    ctx.body = letter;
  });
  return router;
}
