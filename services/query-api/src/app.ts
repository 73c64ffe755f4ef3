import Koa from 'koa';
import { Router } from '@koa/router';
import { authMiddleware, type Authenticator } from '@conveyor/auth';
import {
  cors, deprecation, observeRequests, operationalRoutes, problemForMethodNotAllowed, problemMiddleware, securityHeaders,
  type Logger, type Metrics, type ReadinessCheck,
} from '@conveyor/runtime';
import { hstsEnabled, type Config } from './config';
import type { JobQueries } from './jobs/queries';
import { jobRoutes } from './jobs/routes';
import type { LoadtestQueries } from './loadtests/queries';
import { loadtestRoutes } from './loadtests/routes';
import { openApiDocument } from './openapi';
import type { PositionWaiter } from './positions/createPositionWaiter';
import type { StatsQueries } from './stats/queries';
import { statsRoutes } from './stats/routes';
import type { JobChangeFeed } from './stream/jobChangeFeed';
import { streamRoutes } from './stream/routes';

export interface AppDeps {
  config: Pick<Config, 'CORS_ORIGINS' | 'SSE_HEARTBEAT_MS' | 'HSTS' | 'NODE_ENV'>;
  /** Turns bearer tokens into principals (API keys, the bootstrap key, OIDC tokens). */
  authenticator: Pick<Authenticator, 'authenticate'>;
  logger: Logger;
  metrics: Metrics;
  /** With `snapshotSchema`, `?asOf=` reads an as-of snapshot built by `npm run replay -- as-of`. */
  jobs: Pick<JobQueries, 'list' | 'get'> & Partial<Pick<JobQueries, 'snapshotSchema'>>;
  stats: Pick<StatsQueries, 'buckets'>;
  loadtests: Pick<LoadtestQueries, 'list' | 'get'>;
  feed: Pick<JobChangeFeed, 'subscribe'>;
  /** Read your own writes: `?after=<Conveyor-Position>` waits for the projection (optional in tests). */
  positions?: Pick<PositionWaiter, 'waitFor'>;
  /** Feature routers mounted beside the built-in ones (schedules, dead letters, replays). */
  features?: Router[];
  /** Readiness checks behind /readyz. */
  checks: ReadinessCheck[];
  isShuttingDown?: () => boolean;
  /** The clock of the stats windows, in epoch milliseconds. */
  now?: () => number;
}

/** Every routed endpoint (public, so a test can compare them with the OpenAPI document). */
export function createRouter(deps: Pick<AppDeps, 'config' | 'jobs' | 'stats' | 'loadtests' | 'feed' | 'positions' | 'now' | 'features'>): Router {
  const router = new Router();
  const document = openApiDocument();
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  for (const child of [
    jobRoutes({ jobs: deps.jobs, positions: deps.positions }),
    statsRoutes({ stats: deps.stats, now: deps.now }),
    streamRoutes({ feed: deps.feed, heartbeatMs: deps.config.SSE_HEARTBEAT_MS }),
    loadtestRoutes({ loadtests: deps.loadtests }),
    ...(deps.features ?? []),
  ]) router.use(child.routes());
  return router;
}

/**
 * The query API as a Koa app (public): problem+json outermost, then request spans and metrics, the
 * security headers, CORS for the dashboard, the public operational routes, authentication and
 * authorization from the permission table, and the routes.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const router = createRouter(deps);
  // Errors after the response started (a closed SSE client is the common one: Koa sees the socket close
  // before the stream ends) go to our log instead of Koa's console.error; a closed client is not an error.
  app.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') deps.logger.error({ err }, 'response failed');
  });
  app.use(problemMiddleware(deps.logger));
  app.use(observeRequests({ metrics: deps.metrics, logger: deps.logger }));
  app.use(securityHeaders({ hsts: hstsEnabled(deps.config) }));
  app.use(cors({
    origin: deps.config.CORS_ORIGINS, allowMethods: ['GET', 'OPTIONS'], exposeHeaders: ['WWW-Authenticate'],
    allowHeaders: ['authorization', 'content-type', 'last-event-id', 'traceparent', 'tracestate'],
  }));
  app.use(operationalRoutes({ checks: deps.checks, isShuttingDown: deps.isShuttingDown }));
  // EventSource cannot send headers: the stream also takes the token as ?access_token=.
  app.use(authMiddleware({ api: 'query', authenticator: deps.authenticator, queryTokenPaths: ['/v1/stream'] }));
  app.use(deprecation({ document: openApiDocument() }));
  app.use(problemForMethodNotAllowed());
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
