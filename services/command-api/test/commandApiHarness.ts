import pino from 'pino';
import type { KafkaMessage } from 'kafkajs';
import { jobEventSchemas } from '@conveyor/events';
import { createEventSerde, createKafka, resolveCatalog, topicNames } from '@conveyor/kafka';
import { createPgPool } from '@conveyor/runtime';
import { authHeaders, readTopicToEnd, stackEndpoints, testApiKey, testSecretsEnv, uniqueName, uniqueTopicPrefix } from '@conveyor/testing';
import { loadConfig, type Config } from '../src/config';
import { startCommandApi, type CommandApi } from '../src/main';

const logger = pino({ level: 'silent' });

/** One HTTP answer, its body parsed when JSON. */
export interface Answer {
  status: number;
  type: string;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * The command API started in-process on a random port against the real stack, with its own topic
 * prefix, plus what its tests need: HTTP calls, the topic's end offsets, and a fresh consumer group
 * that reads and decodes every record of the job-events topic.
 */
export async function startHarness(env: Record<string, string> = {}) {
  const endpoints = stackEndpoints();
  const prefix = uniqueTopicPrefix();
  const topic = topicNames(prefix).jobEvents;
  const config: Config = {
    ...loadConfig({
      KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: endpoints.registryUrl,
      DATABASE_URL: endpoints.databaseUrl,
      TOPIC_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      OWN_WRITE_WAIT_MS: '300',
      // Every test here is the same anonymous client (127.0.0.1): one bucket across files would make their
      // bursts depend on each other. The rate-limit tests turn it on, each from an address of its own.
      RATE_LIMIT_ENABLED: 'false',
      ...testSecretsEnv,
      AUTH_BOOTSTRAP_API_KEY: testApiKey,
      ...env,
    }),
    PORT: 0,
  };
  const api: CommandApi = await startCommandApi(config, { logger, metricsPort: null });
  const kafka = createKafka({ brokers: endpoints.kafkaBrokers, clientId: uniqueName('command-api-test'), logger });
  const admin = kafka.admin();
  await admin.connect();
  const serde = createEventSerde({ registryUrl: endpoints.registryUrl, topic, schemas: jobEventSchemas });
  const schemaIds = await serde.registerAll(); // the same schemas again: the ids the API encodes with
  const pool = createPgPool({ url: endpoints.databaseUrl, name: 'command-api-test', max: 4 });

  /**
   * Records on the topic so far, read back (the topic is ours alone). Not the sum of the high watermarks:
   * with direct dispatch every publish is a transaction, whose commit marker takes an offset too.
   */
  const recordCount = async () => (await readTopicToEnd(kafka, [topic])).length;

  return {
    api, config, topic, serde, schemaIds, pool, admin, kafka, prefix,
    recordCount,

    async request(method: string, path: string, options: { body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Answer> {
      const hasJson = options.body !== undefined;
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: { ...authHeaders(), ...(hasJson ? { 'content-type': 'application/json' } : {}), ...options.headers },
        body: options.raw ?? (hasJson ? JSON.stringify(options.body) : undefined),
      });
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      return { status: res.status, type, headers: res.headers, body: /json/.test(type) && text ? JSON.parse(text) : text };
    },

    /** Every record of the topic, read from the beginning by a fresh consumer group. */
    async readAll(): Promise<KafkaMessage[]> {
      return (await readTopicToEnd(kafka, [topic])).map((r) => r.message);
    },

    async close() {
      await api.close();
      await admin.deleteTopics({ topics: resolveCatalog({ prefix }).map((t) => t.name) }).catch(() => undefined);
      // The subjects of our topic (TopicRecordNameStrategy: `<topic>-<record>`) go with it.
      const subjects = (await (await fetch(`${endpoints.registryUrl}/subjects`)).json()) as string[];
      for (const subject of subjects.filter((s) => s.startsWith(`${topic}-`))) {
        await fetch(`${endpoints.registryUrl}/subjects/${encodeURIComponent(subject)}`, { method: 'DELETE' }).catch(() => undefined);
      }
      await admin.disconnect();
      await pool.end();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
