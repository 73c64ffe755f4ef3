import type { Context } from 'koa';
import { Counter, type Registry } from 'prom-client';
import { AppError, PayloadTooLargeError } from '@conveyor/errors';
import type { Logger, Pool } from '@conveyor/runtime';
import { createBucketStore, type BucketStore } from './bucketStore';
import { formatRateLimit, formatRateLimitPolicy, retryAfterSeconds, type BucketState } from './headers';
import { principalKey, resolvePolicy, type PolicyName, type RateLimitedPrincipal, type RateLimitSettings, type ResolvedPolicy } from './policies';

export interface RateLimiterOptions {
  pool: Pool;
  settings: RateLimitSettings;
  logger: Logger;
  registry: Registry;
  /** After a failed check, checks are skipped (allowed) this long before Postgres is tried again, in milliseconds. */
  retryDatabaseAfterMs?: number;
  /** Idle buckets are deleted this often, in milliseconds (0: never); they are full again after their window anyway. */
  pruneEveryMs?: number;
  /** The store of the buckets (tests); default the Postgres table `rate_limit_buckets`. */
  store?: BucketStore;
}

/** A refused request: 429 problem+json; the route's headers (Retry-After, RateLimit) are already set. */
export class RateLimitedError extends AppError {
  constructor(message: string) {
    super('RATE_LIMITED', message);
  }
}

/**
 * Per-principal token buckets shared by every API instance through PostgreSQL (public; issue 11, part 3).
 * `admit` takes a request's cost from the bucket of its principal (`ctx.state.principal`, else the client
 * address) and policy, sets `RateLimit-Policy` and `RateLimit` (draft-ietf-httpapi-ratelimit-headers) on
 * every answer it let through, and throws a 429 with `Retry-After` when the bucket holds too little.
 *
 * It fails open: when PostgreSQL cannot be asked, the request is allowed, `conveyor_rate_limiter_errors_total`
 * counts it and a warning is logged (at most one per pause), and further checks are skipped for
 * `retryDatabaseAfterMs` so that requests which do not need the database (a submission) are not delayed
 * by a connection timeout each. An outage thus never turns into refused submissions; while the database
 * is away, the limits are not enforced.
 */
export function createRateLimiter(options: RateLimiterOptions) {
  const store = options.store ?? createBucketStore({ pool: options.pool });
  const retryAfterMs = options.retryDatabaseAfterMs ?? 5_000;
  const limited = new Counter({ name: 'conveyor_rate_limited_total', help: 'Requests refused with 429 by a rate-limit policy', labelNames: ['policy'], registers: [options.registry] });
  const failures = new Counter({ name: 'conveyor_rate_limiter_errors_total', help: 'Rate-limit checks that could not reach PostgreSQL and let the request through (fail open)', labelNames: ['policy'], registers: [options.registry] });
  let skipUntil = 0;

  const prune = options.pruneEveryMs === 0 ? undefined : setInterval(() => {
    store.prune(3600).catch((err: unknown) => options.logger.debug({ err }, 'pruning idle rate-limit buckets failed'));
  }, options.pruneEveryMs ?? 600_000);
  prune?.unref();

  /** Takes the tokens, or answers null when Postgres could not be asked (fail open). */
  const take = async (key: string, policy: ResolvedPolicy, cost: number): Promise<BucketState | null> => {
    if (performance.now() < skipUntil) {
      failures.inc({ policy: policy.name });
      return null;
    }
    try {
      return await store.take(`${policy.name}:${key}`, policy, cost);
    } catch (err) {
      skipUntil = performance.now() + retryAfterMs;
      failures.inc({ policy: policy.name });
      options.logger.warn({ err, policy: policy.name, retryInMs: retryAfterMs }, 'rate limiter cannot reach PostgreSQL: requests are allowed without limits (fail open)');
      return null;
    }
  };

  return {
    enabled: options.settings.enabled,

    /**
     * Admits a request costing `cost` tokens of `policyName` (1 by default), or throws: 429 RATE_LIMITED
     * when its principal's bucket holds fewer, 413 when the cost exceeds the bucket's capacity (it could
     * never pass: split the batch). A no-op when rate limits are disabled or the API has no such policy.
     */
    async admit(ctx: Context, policyName: PolicyName, cost = 1): Promise<void> {
      if (!options.settings.enabled) return;
      const principal = ctx.state.principal as RateLimitedPrincipal | undefined;
      const policy = resolvePolicy(options.settings, policyName, principal);
      if (!policy) return;
      ctx.set('RateLimit-Policy', formatRateLimitPolicy(policy));
      if (cost > policy.burst) {
        throw new PayloadTooLargeError(`this request costs ${cost} tokens of the ${policy.name} rate limit, whose burst is ${policy.burst}: send at most ${policy.burst} jobs per request`);
      }
      const state = await take(principalKey(principal, ctx.ip), policy, cost);
      if (!state) return;
      ctx.set('RateLimit', formatRateLimit(policy, state));
      if (state.granted) return;
      limited.inc({ policy: policy.name });
      const wait = retryAfterSeconds(policy, state, cost);
      ctx.set('Retry-After', String(wait));
      throw new RateLimitedError(`the ${policy.name} rate limit of ${policy.perSecond} per second (burst ${policy.burst}) is used up; retry in ${wait} s`);
    },

    /** Stops the pruning timer. */
    close(): void {
      if (prune) clearInterval(prune);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** One rate-limited route: its method, its path as Koa sees it (`ctx.path`), and its policy. */
export interface LimitedRoute {
  method: string;
  path: string;
  policy: PolicyName;
}

/**
 * Koa middleware charging one token per request of the routes in `routes` (public). Registered after
 * authentication (the principal keys the bucket) and before the router. Routes whose cost is known only
 * after parsing (a batch) call `limiter.admit` themselves.
 */
export function rateLimitRoutes(limiter: Pick<RateLimiter, 'admit'>, routes: readonly LimitedRoute[]) {
  const byRoute = new Map(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r.policy]));
  return async (ctx: Context, next: () => Promise<unknown>): Promise<void> => {
    const policy = byRoute.get(`${ctx.method} ${ctx.path.replace(/\/+$/, '') || '/'}`);
    if (policy) await limiter.admit(ctx, policy);
    await next();
  };
}
