import { z } from 'zod';
import { ValidationError } from '@conveyor/errors';
import { parseQuery, type RawQuery } from '../http/parseQuery';
import { decodeLoadtestCursor, type LoadtestListQuery } from './queries';

const schema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['running', 'passed', 'failed', 'aborted']).optional(),
  cursor: z.string().min(1).optional(),
}).strict();

/** Parses `?limit=&status=&cursor=` of GET /v1/loadtests; throws ValidationError (400) naming each bad parameter. */
export function parseLoadtestListQuery(query: RawQuery): LoadtestListQuery {
  const q = parseQuery(schema, query);
  const cursor = q.cursor === undefined ? null : decodeLoadtestCursor(q.cursor);
  if (q.cursor !== undefined && !cursor) throw new ValidationError('invalid query parameters', [{ path: 'cursor', message: 'not a cursor of this list' }]);
  return { limit: q.limit, status: q.status ?? null, cursor };
}
