import { randomBytes } from 'node:crypto';
import { startCommandApi } from '@conveyor/command-api';
import { loadConfig as loadCommandApiConfig } from '@conveyor/command-api/config';
import { startProcessors } from '@conveyor/processors';
import { loadConfig as loadProcessorsConfig } from '@conveyor/processors/config';
import { startQueryApi } from '@conveyor/query-api';
import { loadConfig as loadQueryApiConfig } from '@conveyor/query-api/config';
import type { Logger } from '@conveyor/runtime';
import type { StackEndpoints } from '@conveyor/testing';

/** A platform started inside this process, isolated by its own topic prefix and consumer groups. */
export interface InProcessPlatform {
  commandApi: string;
  queryApi: string;
  topicPrefix: string;
  /** The admin API key its APIs accept (AUTH_BOOTSTRAP_API_KEY, random per platform): send it as `Authorization: Bearer <apiKey>`. */
  apiKey: string;
  /** Consumer groups of its processors (for lag sampling). */
  groups: string[];
  stop(): Promise<void>;
}

/**
 * Starts processors, command API and query API in this process (ports chosen by the OS, a fresh
 * TOPIC_PREFIX and fresh consumer groups, so nothing else shares its topics or groups), through the
 * start functions the services export. For integration tests and the bench when no platform is running.
 */
export async function startInProcessPlatform(options: { endpoints: StackEndpoints; logger: Logger; topicPrefix?: string; env?: Record<string, string> }): Promise<InProcessPlatform> {
  const topicPrefix = options.topicPrefix ?? `lt${randomBytes(4).toString('hex')}.`;
  // A bootstrap admin key of its own, unless the caller names one (AUTH_BOOTSTRAP_API_KEY in options.env).
  const apiKey = options.env?.['AUTH_BOOTSTRAP_API_KEY'] ?? `cvk-bootstrap-${randomBytes(24).toString('base64url')}`;
  const common = {
    AUTH_BOOTSTRAP_API_KEY: apiKey,
    KAFKA_BROKERS: options.endpoints.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: options.endpoints.registryUrl,
    DATABASE_URL: options.endpoints.databaseUrl, TOPIC_PREFIX: topicPrefix, LOG_LEVEL: 'warn', ...options.env,
  };
  const groupIds = { dispatcher: `${topicPrefix}dispatcher`, executor: `${topicPrefix}executor`, projector: `${topicPrefix}projector` };
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    // 1. Processors first: they apply the topic catalog and run the migrations. Their jobs may call
    // receivers on 127.0.0.1 (tests, the bench's sink): the egress policy refuses loopback unless told.
    const processors = await startProcessors(loadProcessorsConfig({ EGRESS_ALLOW_LOOPBACK: 'true', ...common }), { logger: options.logger, groupIds, metricsPort: null });
    stops.push(() => processors.stop());
    // 2. The APIs on ports the OS picks.
    const commandApi = await startCommandApi({ ...loadCommandApiConfig(common), PORT: 0 }, { logger: options.logger, metricsPort: null });
    stops.push(() => commandApi.close());
    const queryApi = await startQueryApi({ ...loadQueryApiConfig(common), PORT: 0 }, { logger: options.logger, metricsPort: null });
    stops.push(() => queryApi.close());
    return { commandApi: commandApi.url, queryApi: queryApi.url, topicPrefix, apiKey, groups: Object.values(groupIds), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
