import { setTimeout as sleep } from 'node:timers/promises';
import { planDeliveries, submitDelivery, type DeliveryPolicy, type MatchableSubscription } from '@conveyor/domain/webhooks';
import { jobEventNames, type JobEvent } from '@conveyor/events';
import { runConsumer, sparseFetch, type ConsumerRunner, type EventSerde } from '@conveyor/kafka';
import { prepared, type Logger, type Metrics, type Pool } from '@conveyor/runtime';
import type { Kafka } from 'kafkajs';
import { deliveryIds } from './deliveryIds';

export interface DeliveryPlannerDeps {
  kafka: Kafka;
  pool: Pick<Pool, 'query'>;
  /** Serde of the job-events topic. */
  serde: Pick<EventSerde, 'decode'>;
  topics: { jobEvents: string; adminEvents: string };
  /** Publishes JobSubmitted events on job-events; resolves once Kafka acknowledged them. */
  publishEvents: (events: JobEvent[]) => Promise<void>;
  policy: DeliveryPolicy;
  logger: Logger;
  metrics: Metrics;
  groupId: string;
  /** How long a batch waits for the jobs projection to know the type of a job it has not seen submitted, in milliseconds. */
  jobTypeWaitMs: number;
  now?: () => number;
}

interface SubscriptionRow { subscription_id: string; url: string; event_types: string[]; job_types: string[]; sealed_secret: string }

/**
 * Submits the webhook deliveries of job events (public): a consumer group of its own on job-events;
 * for each event that an active subscription (of this deployment's admin topic) wants, a
 * `webhook.deliver` JobSubmitted with ids derived from the subscription and the event, published before
 * the batch's offsets move (at least once; the ids make a repeat the same job). Replayed events are not
 * delivered again.
 */
export async function startDeliveryPlanner(deps: DeliveryPlannerDeps): Promise<ConsumerRunner> {
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'webhook-delivery-planner', groupId: deps.groupId });

  const activeSubscriptions = async (): Promise<MatchableSubscription[]> => {
    // Read on every batch (a subscription applies from the event after its creation), so prepared: parsed once per connection.
    const { rows } = await deps.pool.query<SubscriptionRow>(prepared(
      'select subscription_id, url, event_types, job_types, sealed_secret from webhook_subscriptions where admin_topic = $1 and deleted_at is null',
      [deps.topics.adminEvents],
    ));
    return rows.map((r) => ({ subscriptionId: r.subscription_id, url: r.url, eventTypes: r.event_types, jobTypes: r.job_types, sealedSecret: r.sealed_secret }));
  };

  /**
   * The type of each job of the batch: from its JobSubmitted when the batch holds it, else from the jobs
   * read model (a job's events share its partition, so its JobSubmitted came first; the projection may
   * lag a little, hence the bounded wait). A job still unknown then is left out, with a warning.
   */
  const jobTypesOf = async (events: readonly JobEvent[]): Promise<Map<string, string>> => {
    const types = new Map<string, string>();
    for (const e of events) if (e.type === 'JobSubmitted') types.set(e.data.meta.jobId, e.data.type);
    let missing = [...new Set(events.map((e) => e.data.meta.jobId))].filter((id) => !types.has(id));
    const deadline = performance.now() + deps.jobTypeWaitMs;
    while (missing.length) {
      const { rows } = await deps.pool.query<{ job_id: string; type: string }>('select job_id, type from jobs where job_id = any($1::uuid[])', [missing]);
      for (const r of rows) types.set(r.job_id, r.type);
      missing = missing.filter((id) => !types.has(id));
      if (!missing.length || performance.now() > deadline) break;
      await sleep(50);
    }
    if (missing.length) logger.warn({ jobIds: missing.slice(0, 10), count: missing.length }, 'job types unknown: their events are not delivered');
    return types;
  };

  const runner = await runConsumer<JobEvent>({
    kafka: deps.kafka, groupId: deps.groupId, logger, metrics: deps.metrics,
    // Deliveries start up to 250 ms later; the broker answers this group a few times a second, not on every append.
    consumerConfig: sparseFetch,
    sources: [{ topic: deps.topics.jobEvents, serde: deps.serde, eventTypes: jobEventNames }],
    handle: async (batch) => {
      const events = batch.events.map((p) => p.event).filter((e) => !e.data.meta.replay);
      if (!events.length) return;
      const subscriptions = await activeSubscriptions();
      if (!subscriptions.length) return;
      const types = await jobTypesOf(events);
      const at = now();
      const submitted: JobEvent[] = [];
      for (const event of events) {
        const jobType = types.get(event.data.meta.jobId);
        if (jobType === undefined) continue;
        for (const planned of planDeliveries(event, jobType, subscriptions)) {
          const ids = deliveryIds(planned.subscription.subscriptionId, planned.messageId);
          submitted.push(...submitDelivery(
            {
              jobId: ids.jobId, subscriptionId: planned.subscription.subscriptionId, url: planned.subscription.url,
              sealedSecret: planned.subscription.sealedSecret, messageId: planned.messageId, event: planned.payload,
            },
            deps.policy,
            { eventId: ids.eventId, now: at, actor: 'webhooks', traceparent: event.data.meta.traceparent, tracestate: event.data.meta.tracestate, causationId: event.data.meta.eventId },
          ));
        }
      }
      if (submitted.length) {
        await deps.publishEvents(submitted);
        logger.debug({ deliveries: submitted.length }, 'webhook deliveries submitted');
      }
    },
  });
  logger.info({ topic: deps.topics.jobEvents }, 'webhook delivery planner started');
  return runner;
}
