import { toWebhookSubscriptionState, type WebhookSubscriptionRow } from '@conveyor/read-model';
import type { WebhookSubscriptionState } from '@conveyor/domain/webhooks';
import type { Pool } from '@conveyor/runtime';

/** Loads a subscription's state from `webhook_subscriptions` (the processors' projection), or null. */
export function createWebhookStateStore(deps: { pool: Pick<Pool, 'query'> }) {
  return {
    async load(subscriptionId: string): Promise<WebhookSubscriptionState | null> {
      const { rows } = await deps.pool.query<WebhookSubscriptionRow>('select * from webhook_subscriptions where subscription_id = $1', [subscriptionId]);
      return rows[0] ? toWebhookSubscriptionState(rows[0]) : null;
    },
  };
}

export type WebhookStateStore = ReturnType<typeof createWebhookStateStore>;
