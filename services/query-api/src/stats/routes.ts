import { Router } from '@koa/router';
import { z } from 'zod';
import { commaList, parseQuery, type RawQuery } from '../http/parseQuery';
import { assembleStats } from './assembleStats';
import type { StatsQueries } from './queries';
import { statsRange, statsWindows, type StatsWindowName } from './statsWindow';

/** The query schema of GET /v1/stats; also the source of its OpenAPI parameters (public). */
export const statsQuerySchema = z.strictObject({
  window: z.enum(Object.keys(statsWindows) as [StatsWindowName, ...StatsWindowName[]]).default('1h'),
  type: commaList.pipe(z.array(z.string().max(200)).max(50)).optional(),
});

/** GET /v1/stats: counters, rates and latency percentiles of a window, by type and over time (public). */
export function statsRoutes(deps: { stats: Pick<StatsQueries, 'buckets'>; now?: () => number }): Router {
  const router = new Router();
  const now = deps.now ?? Date.now;
  router.get('/v1/stats', async (ctx) => {
    const q = parseQuery(statsQuerySchema, ctx.query as RawQuery);
    const range = statsRange(q.window, now());
    ctx.body = assembleStats(await deps.stats.buckets(range, q.type ?? []), range);
  });
  return router;
}
