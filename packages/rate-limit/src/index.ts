export { createRateLimiter, rateLimitRoutes, RateLimitedError } from './createRateLimiter';
export { createBucketStore } from './bucketStore';
export { createConnectionLimiter, TooManyConnectionsError } from './createConnectionLimiter';
export { formatRateLimit, formatRateLimitPolicy, rateLimitHeaders, retryAfterSeconds } from './headers';
export { principalKey, resolvePolicy } from './policies';
export { rateLimitedResponse, rateLimitHeaderDocs } from './openApi';

export type { RateLimiter, RateLimiterOptions, LimitedRoute } from './createRateLimiter';
export type { BucketStore } from './bucketStore';
export type { ConnectionLimiter, ConnectionLimiterOptions } from './createConnectionLimiter';
export type { BucketState } from './headers';
export type { BucketLimits, PolicyName, RateLimitedPrincipal, RateLimitSettings, ResolvedPolicy } from './policies';
