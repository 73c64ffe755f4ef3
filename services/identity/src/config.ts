import { z } from 'zod';
import { env, parseConfig } from '@conveyor/runtime';

/**
 * Every setting of the local identity provider with its default (one visible table). It is a development and
 * test component: production points the APIs (`OIDC_ISSUER`) and the dashboard at an issuer of its own.
 * Times in seconds, as OAuth expresses them.
 */
const configSchema = z.object({
  LOG_LEVEL: env.logLevel(),
  OTEL_EXPORTER_OTLP_ENDPOINT: env.optionalString(),
  SHUTDOWN_TIMEOUT_MS: env.int(5_000, 1_000, 60_000),
  /** 3004, not 3003: the processors' metrics port of `npm start` is 3003. */
  IDP_PORT: env.port(3004),
  IDP_HOST: env.string('127.0.0.1'),
  /** The issuer URL tokens name (`iss`); defaults to `http://127.0.0.1:<IDP_PORT>`. */
  IDP_ISSUER: env.optionalString(),
  /** The audience (`aud`) of the access tokens, the APIs' `OIDC_AUDIENCE`. */
  IDP_AUDIENCE: env.string('conveyor'),
  /** Comma-separated dashboard origins allowed as redirect targets and CORS origins. */
  IDP_DASHBOARD_ORIGINS: env.string('http://127.0.0.1:3000,http://localhost:3000'),
  /** Where the signing and cookie keys are generated once and kept (relative to the working directory). */
  IDP_STATE_DIR: env.string('.stack/identity'),
  /** Lifetime of an access token, in seconds. */
  IDP_ACCESS_TOKEN_TTL: env.int(900, 10, 86_400),
});

export type Config = z.infer<typeof configSchema>;

/** Reads and checks the configuration from the environment; throws one ConfigError naming every bad key. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  return parseConfig(configSchema, source);
}

/** The issuer URL: `IDP_ISSUER`, else this process's own address. */
export const issuerOf = (config: Config): string =>
  (config.IDP_ISSUER ?? `http://${config.IDP_HOST}:${config.IDP_PORT}`).replace(/\/$/, '');

/** The dashboard origins, trimmed, without trailing slashes. */
export const dashboardOriginsOf = (config: Config): string[] =>
  config.IDP_DASHBOARD_ORIGINS.split(',').map((o) => o.trim().replace(/\/$/, '')).filter(Boolean);
