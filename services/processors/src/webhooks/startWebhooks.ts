import type { DeliveryPolicy } from '@conveyor/domain/webhooks';
import { jobEventNames, webhookEventNames, type JobEvent, type WebhookEvent } from '@conveyor/events';
import { sparseFetch, type ConsumerRunnerHealth, type EventSerde } from '@conveyor/kafka';
import type { Logger, Metrics, Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { projectionRegistry } from '../projections/projections';
import { startProjectionConsumer } from '../projections/startProjectionConsumer';
import { startDeliveryPlanner } from './startDeliveryPlanner';
import type { WebhookDeliveryBatch } from './webhookDeliveriesReadModel';
import type { WebhookSubscriptionBatch } from './webhookSubscriptionsReadModel';


export interface WebhooksDeps {
  kafka: Kafka;
  pool: Pool;
  /** Serde of the job-events topic. */
  jobSerde: Pick<EventSerde, 'decode'>;
  /** Serde of the admin-events topic with `webhookEventSchemas`. */
  adminSerde: Pick<EventSerde, 'decode'>;
  topics: { jobEvents: string; adminEvents: string };
  publishEvents: (events: JobEvent[]) => Promise<void>;
  policy: DeliveryPolicy;
  logger: Logger;
  metrics: Metrics;
  groups: { subscriptions: string; deliveries: string; planner: string };
}

/**
 * The webhooks role (public): the subscriptions projection (admin-events → `webhook_subscriptions`),
 * the delivery planner (job events → `webhook.deliver` jobs) and the delivery history projection
 * (job events of deliveries → `webhook_deliveries`), each a consumer group of its own. The deliveries
 * themselves run in the executor like any job: retries, backoff, dead letters, the egress policy.
 */
export async function startWebhooks(deps: WebhooksDeps): Promise<{ stop(): Promise<void>; health: Array<() => ConsumerRunnerHealth> }> {
  const logger = deps.logger.child({ component: 'webhooks' });
  const started: Array<{ stop(): Promise<void>; health(): ConsumerRunnerHealth }> = [];
  const stop = async () => {
    await Promise.all(started.map((r) => r.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping a webhooks consumer'))));
  };
  try {
    started.push(await startProjectionConsumer<WebhookEvent, WebhookSubscriptionBatch>({
      kafka: deps.kafka, pool: deps.pool, topic: deps.topics.adminEvents, serde: deps.adminSerde, eventNames: webhookEventNames,
      projection: projectionRegistry.webhookSubscriptions, batchOf: (at, events) => ({ at, events }), logger, metrics: deps.metrics, groupId: deps.groups.subscriptions,
    }));
    started.push(await startProjectionConsumer<JobEvent, WebhookDeliveryBatch>({
      kafka: deps.kafka, pool: deps.pool, topic: deps.topics.jobEvents, serde: deps.jobSerde, eventNames: jobEventNames,
      projection: projectionRegistry.webhookDeliveries, batchOf: (at, events) => ({ at, events }), logger, metrics: deps.metrics, groupId: deps.groups.deliveries,
      // Only the deliveries' own events change a row: most batches hold none (sparseFetch).
      consumerConfig: sparseFetch,
    }));
    started.push(await startDeliveryPlanner({
      kafka: deps.kafka, pool: deps.pool, serde: deps.jobSerde, topics: deps.topics, publishEvents: deps.publishEvents, policy: deps.policy,
      logger, metrics: deps.metrics, groupId: deps.groups.planner, jobTypeWaitMs: 10_000,
    }));
  } catch (err) {
    await stop();
    throw err;
  }
  return { stop, health: started.map((r) => () => r.health()) };
}
