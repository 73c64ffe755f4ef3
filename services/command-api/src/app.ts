import Koa from 'koa';
import { Router } from '@koa/router';
import type { JobTypeRegistry } from '@conveyor/job-types';
import type { JobTypeCatalog } from './jobs/createJobTypeCatalog';
import { authMiddleware, type Authenticator } from '@conveyor/auth';
import {
  cors, deprecation, observeRequests, operationalRoutes, problemForMethodNotAllowed, problemMiddleware, securityHeaders,
  type Logger, type Metrics, type ReadinessCheck,
} from '@conveyor/runtime';
import { hstsEnabled, type Config } from './config';
import type { JobService } from './jobs/jobService';
import { jobRoutes } from './jobs/routes';
import { positionHeader } from '@conveyor/read-model';
import { rateLimitHeaders, rateLimitRoutes, type LimitedRoute, type RateLimiter } from '@conveyor/rate-limit';
import { openApiDocument } from './openapi';

export interface AppDeps {
  config: Pick<Config, 'MAX_BODY_BYTES' | 'MAX_BATCH_BODY_BYTES' | 'CORS_ORIGINS' | 'HSTS' | 'NODE_ENV'>;
  /** Turns bearer tokens into principals (API keys, the bootstrap key, OIDC tokens). */
  authenticator: Pick<Authenticator, 'authenticate'>;
  logger: Logger;
  metrics: Metrics;
  /** The job types submissions may name: the catalog, or (tests) the compiled types alone. */
  jobTypes: JobTypeRegistry | JobTypeCatalog;
  jobs: Pick<JobService, 'submit' | 'submitBatch' | 'cancel'>;
  /** Per-principal rate limits (issue 11); without it, none. */
  limiter?: Pick<RateLimiter, 'admit'>;
  /** Feature routers mounted beside the job routes (schedules, dead letters, admin). */
  features?: Router[];
  /** Readiness checks behind /readyz. */
  checks: ReadinessCheck[];
  isShuttingDown?: () => boolean;
}

/** Every routed endpoint: the job routes and /openapi.json (public, so tests can compare it with the document). */
export function createRouter(deps: Pick<AppDeps, 'config' | 'jobTypes' | 'jobs' | 'features' | 'limiter'>): Router {
  const router = jobRoutes({
    jobs: deps.jobs,
    jobTypes: deps.jobTypes,
    limiter: deps.limiter,
    limits: { body: deps.config.MAX_BODY_BYTES, batchBody: deps.config.MAX_BATCH_BODY_BYTES },
  });
  for (const feature of deps.features ?? []) router.use(feature.routes());
  const document = openApiDocument();
  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  return router;
}

/**
 * The routes charged one token of a policy per request. POST /v1/jobs/batch is charged by its route, once
 * the batch is parsed: it costs one token per job.
 */
export const limitedRoutes: readonly LimitedRoute[] = [
  { method: 'POST', path: '/v1/jobs', policy: 'submit' },
];

/**
 * The command API as a Koa app (public): problem+json outermost, then request spans and metrics, the
 * security headers, CORS (preflights answered before authentication), the public operational routes,
 * authentication and authorization from the permission table, and the routes.
 */
export function createApp(deps: AppDeps): Koa {
  const app = new Koa();
  const router = createRouter(deps);
  app.use(problemMiddleware(deps.logger));
  app.use(observeRequests({ metrics: deps.metrics, logger: deps.logger }));
  app.use(securityHeaders({ hsts: hstsEnabled(deps.config) }));
  // The dashboard reads Conveyor-Position from another origin; a browser hides it unless exposed.
  app.use(cors({ origin: deps.config.CORS_ORIGINS, exposeHeaders: [positionHeader, 'Location', 'WWW-Authenticate', ...rateLimitHeaders] }));
  app.use(operationalRoutes({ checks: deps.checks, isShuttingDown: deps.isShuttingDown }));
  app.use(authMiddleware({ api: 'command', authenticator: deps.authenticator }));
  app.use(deprecation({ document: openApiDocument() }));
  app.use(problemForMethodNotAllowed());
  if (deps.limiter) app.use(rateLimitRoutes(deps.limiter, limitedRoutes));
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
