/** The rate-limit policies: `submit` (job submissions, a batch costs its job count) and `read` (expensive reads). */
export type PolicyName = 'submit' | 'read';

/** A token bucket's settings: refill rate in tokens per second, and capacity (the largest burst) in tokens. */
export interface BucketLimits {
  perSecond: number;
  burst: number;
}

/** What an API's config says about rate limits (one API configures the policies it serves). */
export interface RateLimitSettings {
  enabled: boolean;
  policies: Partial<Record<PolicyName, BucketLimits>>;
}

/**
 * The part of the authenticated principal (`ctx.state.principal`, issue 11) the limits read: its id, and
 * per-principal overrides of the refill rates (an API key's `rateLimits`).
 */
export interface RateLimitedPrincipal {
  id: string;
  rateLimits?: { submitPerSecond?: number; readsPerSecond?: number };
}

/** A policy as applied to one principal. */
export interface ResolvedPolicy extends BucketLimits {
  name: PolicyName;
  /** Seconds an empty bucket takes to fill: the `w` of `RateLimit-Policy`. */
  windowSeconds: number;
}

const overrideOf = (name: PolicyName, principal: RateLimitedPrincipal | undefined): number | undefined => {
  const limits = principal?.rateLimits;
  const value = name === 'submit' ? limits?.submitPerSecond : limits?.readsPerSecond;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
};

/**
 * The limits of `name` for `principal` (pure): the configured ones, or the principal's own rate with the
 * burst scaled by the same factor (the window stays the configured one), at least one token. Undefined
 * when the API does not configure that policy.
 */
export function resolvePolicy(settings: RateLimitSettings, name: PolicyName, principal?: RateLimitedPrincipal): ResolvedPolicy | undefined {
  const configured = settings.policies[name];
  if (!configured) return undefined;
  const override = overrideOf(name, principal);
  const perSecond = override ?? configured.perSecond;
  const burst = override === undefined ? configured.burst : Math.max(1, Math.round(configured.burst * (override / configured.perSecond)));
  return { name, perSecond, burst, windowSeconds: Math.max(1, Math.ceil(burst / perSecond)) };
}

/** The bucket owner of a request: the principal's id, else `anonymous:<client address>` (pure). */
export function principalKey(principal: RateLimitedPrincipal | undefined, ip: string): string {
  return principal?.id ?? `anonymous:${ip}`;
}
