import { webhookEventNames, type WebhookEvent } from '@conveyor/events';
import type { PoolClient } from '@conveyor/runtime';
import type { PartitionKey } from '../projections/postgres/projectionOffsets';
import type { Projection } from '../projections/projection';

/** A partition batch of admin events as the subscriptions projection sees it. */
export interface WebhookSubscriptionBatch {
  at: PartitionKey;
  events: ReadonlyArray<{ event: WebhookEvent; offset: string }>;
}

/** Applies one subscription event (idempotent: a redelivered creation or deletion changes nothing). */
async function applyEvent(tx: PoolClient, topic: string, event: WebhookEvent): Promise<void> {
  const { meta } = event.data;
  const at = new Date(meta.occurredAt);
  switch (event.type) {
    case 'WebhookSubscriptionCreated': {
      const d = event.data;
      await tx.query(
        `insert into webhook_subscriptions (subscription_id, admin_topic, url, event_types, job_types, sealed_secret, description, created_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (subscription_id) do nothing`,
        [meta.subscriptionId, topic, d.url, d.eventTypes, d.jobTypes, d.sealedSecret, d.description, at, meta.actor],
      );
      return;
    }
    case 'WebhookSubscriptionDeleted':
      await tx.query(
        'update webhook_subscriptions set deleted_at = coalesce(deleted_at, $2), deleted_by = coalesce(deleted_by, $3) where subscription_id = $1',
        [meta.subscriptionId, at, meta.actor],
      );
      return;
    default: {
      const never: never = event;
      throw new Error(`unhandled webhook event ${JSON.stringify(never)}`);
    }
  }
}

/**
 * `webhook_subscriptions` (migration 060), from the webhook events of admin-events (public): the
 * subscriptions the delivery planner reads, with their sealed secrets; a deletion keeps the row.
 */
export const webhookSubscriptionsReadModel: Projection<WebhookSubscriptionBatch> = {
  name: 'webhook_subscriptions',
  topics: ['adminEvents'],
  tables: [{ table: 'webhook_subscriptions', key: 'subscription_id::text' }],
  dependsOn: [],
  handles: (eventType) => (webhookEventNames as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    for (const { event } of batch.events) await applyEvent(tx, batch.at.topic, event);
  },
};
