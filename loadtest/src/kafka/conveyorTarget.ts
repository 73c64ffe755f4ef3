import { randomUUID } from 'node:crypto';
import { createEventSerde, createKafka, topicNames } from '@conveyor/kafka';
import { jobEventSchemas } from '@conveyor/events';
import { createPgPool, type Logger } from '@conveyor/runtime';
import type { Config } from '../config';
import { createCommandClient } from '../http/commandClient';
import type { Outcome } from '../jobLedger';
import type { LoadTarget } from '../loadTarget';
import { startEventFollower } from './eventFollower';
import { projectionLag, startLagSampler } from './lagSampler';

const TERMINAL: Record<string, Outcome> = { JobSucceeded: 'succeeded', JobFailed: 'failed', JobDeadLettered: 'dead-lettered', JobCancelled: 'cancelled' };

/**
 * Conveyor as a load-test target: jobs go to the command API, and are followed to their end through
 * `conveyor.job-events` (a fresh consumer group per run); lag is sampled for the platform's groups.
 */
export async function createConveyorTarget(options: {
  config: Config;
  logger: Logger;
  commandApi: string;
  queryApi?: string;
  maxSockets: number;
  timeoutMs: number;
}): Promise<LoadTarget> {
  const { config } = options;
  const topics = topicNames(config.topicPrefix);
  const kafka = createKafka({ brokers: config.kafkaBrokers, clientId: 'conveyor-loadtest', logger: options.logger });
  const admin = kafka.admin();
  await admin.connect();
  const serde = createEventSerde({ registryUrl: config.registryUrl, topic: topics.jobEvents, schemas: jobEventSchemas });
  const client = createCommandClient({
    baseUrl: options.commandApi, maxSockets: options.maxSockets, timeoutMs: options.timeoutMs, ...(config.apiKey ? { apiKey: config.apiKey } : {}),
  });
  let poison = 0;
  // The projector keeps its offsets in Postgres (projection_offsets, in the same transaction as its rows),
  // so its lag is end offset − the slowest projection's next offset, per partition of the job events.
  const pool = createPgPool({ url: config.databaseUrl, name: 'conveyor-loadtest-lag', max: 1 });
  const projectorLag = async (group: string, ends: Map<string, Map<number, bigint>>): Promise<number | null> =>
    (group.endsWith('projector') ? projectionLag(pool, topics.jobEvents, ends) : null);
  return {
    name: 'conveyor',
    client,
    queryApi: options.queryApi,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    async follow(hooks) {
      const follower = await startEventFollower({
        kafka, admin, serde, topic: topics.jobEvents, groupId: `conveyor-loadtest-${randomUUID()}`,
        onPoison: () => {
          poison += 1;
        },
        onEvent: (e) => {
          const outcome = TERMINAL[e.type];
          if (outcome) hooks.terminal(e.jobId, outcome, e.observedAt, e.occurredAt);
          else if (e.type === 'JobSubmitted') hooks.stage?.(e.jobId, 'submitted', e.occurredAt);
          else if (e.type === 'JobStarted') hooks.stage?.(e.jobId, 'started', e.occurredAt);
        },
      });
      return {
        stop: async () => {
          await follower.stop();
          if (poison) options.logger.warn({ poison }, 'undecodable job events were skipped');
        },
      };
    },
    sampleLag(startedAt, onSample) {
      return startLagSampler({ admin, groups: config.lagGroups, topics: [topics.jobEvents, topics.work.high, topics.work.normal, topics.work.low], startedAt, onSample, fallback: projectorLag });
    },
    async close() {
      client.close();
      await admin.disconnect().catch(() => undefined);
      await pool.end().catch(() => undefined);
    },
  };
}
