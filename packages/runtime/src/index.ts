export { parseConfig, ConfigError, env, commonConfigShape } from './config';
export { createLogger } from './logger';
export { createMetrics } from './metrics';
export { startTracing, injectTraceContext, extractTraceContext, traceIdOf, activeTraceId, tracer } from './tracing';
export { createShutdown } from './shutdown';
export { createPgPool, withTransaction } from './postgres';
export { problemMiddleware } from './http/problemMiddleware';
export { observeRequests } from './http/observeRequests';
export { operationalRoutes } from './http/operationalRoutes';
export { listen } from './http/listen';

export type { Logger } from './logger';
export type { Metrics, Registry } from './metrics';
export type { Shutdown } from './shutdown';
export type { Pool, PoolClient } from './postgres';
export type { ReadinessCheck } from './http/operationalRoutes';
