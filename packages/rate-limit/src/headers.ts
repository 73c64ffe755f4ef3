import type { ResolvedPolicy } from './policies';

/** Response header names of draft-ietf-httpapi-ratelimit-headers, and Retry-After. */
export const rateLimitHeaders = ['RateLimit-Policy', 'RateLimit', 'Retry-After'] as const;

/** The outcome of taking tokens from a bucket. */
export interface BucketState {
  /** Tokens left after this request (fractional; refilled continuously). */
  tokens: number;
  /** Whether the request's cost was taken. */
  granted: boolean;
}

/** `RateLimit-Policy: "submit";q=1000;w=2`: the quota (the burst) and its window in seconds (pure). */
export function formatRateLimitPolicy(policy: ResolvedPolicy): string {
  return `"${policy.name}";q=${policy.burst};w=${policy.windowSeconds}`;
}

/**
 * `RateLimit: "submit";r=0;t=3` (pure): `r` whole tokens remaining, `t` seconds until the bucket is full
 * again (its quota reset).
 */
export function formatRateLimit(policy: ResolvedPolicy, state: BucketState): string {
  const remaining = Math.max(0, Math.floor(state.tokens));
  const reset = Math.max(0, Math.ceil((policy.burst - state.tokens) / policy.perSecond));
  return `"${policy.name}";r=${remaining};t=${reset}`;
}

/** Seconds until `cost` tokens are in the bucket (pure): the Retry-After of a refused request, at least 1. */
export function retryAfterSeconds(policy: ResolvedPolicy, state: BucketState, cost: number): number {
  return Math.max(1, Math.ceil((cost - state.tokens) / policy.perSecond));
}
