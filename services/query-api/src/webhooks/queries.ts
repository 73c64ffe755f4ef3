import {
  toWebhookDeliveryView, toWebhookSubscriptionView, type WebhookDeliveryRow, type WebhookDeliveryView, type WebhookSubscriptionRow, type WebhookSubscriptionView,
} from '@conveyor/read-model';
import type { Pool } from '@conveyor/runtime';

/** Subscriptions shown at most: a deployment has tens, not thousands. */
const maxSubscriptions = 1000;

/** The webhook reads of the query API (public): subscriptions (never their secret) and their delivery history. */
export function createWebhookQueries(deps: { pool: Pick<Pool, 'query'> }) {
  return {
    /** Subscriptions not deleted, newest first. */
    async list(): Promise<WebhookSubscriptionView[]> {
      const { rows } = await deps.pool.query<WebhookSubscriptionRow>(
        'select * from webhook_subscriptions where deleted_at is null order by created_at desc, subscription_id limit $1', [maxSubscriptions],
      );
      return rows.map(toWebhookSubscriptionView);
    },

    /** One subscription not deleted, or null. */
    async get(id: string): Promise<WebhookSubscriptionView | null> {
      const { rows } = await deps.pool.query<WebhookSubscriptionRow>('select * from webhook_subscriptions where subscription_id = $1 and deleted_at is null', [id]);
      return rows[0] ? toWebhookSubscriptionView(rows[0]) : null;
    },

    /** A subscription's deliveries, newest first (null when the subscription is unknown; a deleted one keeps its history). */
    async deliveries(id: string, limit: number): Promise<WebhookDeliveryView[] | null> {
      const known = await deps.pool.query('select 1 from webhook_subscriptions where subscription_id = $1', [id]);
      if (!known.rowCount) return null;
      const { rows } = await deps.pool.query<WebhookDeliveryRow>(
        'select * from webhook_deliveries where subscription_id = $1 order by created_at desc, job_id desc limit $2', [id, limit],
      );
      return rows.map(toWebhookDeliveryView);
    },
  };
}

export type WebhookQueries = ReturnType<typeof createWebhookQueries>;
