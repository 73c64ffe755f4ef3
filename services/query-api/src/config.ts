import { z } from 'zod';
import { commonConfigShape, env, parseConfig } from '@conveyor/runtime';

/** Every setting of the query API with its default (one visible table). Times in milliseconds. */
const configSchema = z.object({
  DATABASE_URL: commonConfigShape.DATABASE_URL,
  LOG_LEVEL: commonConfigShape.LOG_LEVEL,
  OTEL_EXPORTER_OTLP_ENDPOINT: commonConfigShape.OTEL_EXPORTER_OTLP_ENDPOINT,
  PORT: env.port(3002),
  HOST: env.string('127.0.0.1'),
  /** Access-Control-Allow-Origin: `*` or a comma-separated list of origins (the dashboard runs on :3000). */
  CORS_ORIGIN: env.string('*'),
  /** Connections of the query pool (the SSE feed holds one more of its own). */
  PG_POOL_MAX: env.int(10, 1, 200),
  /** Comment line sent on every idle SSE stream, so proxies keep it open. */
  SSE_HEARTBEAT_MS: env.int(15_000, 100, 300_000),
  /** The longest wait of a read with `?after=` for the projection to pass that log position; then 503. */
  POSITION_WAIT_MAX_MS: env.int(5_000, 0, 60_000),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and checks the configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return parseConfig(configSchema, source);
}
