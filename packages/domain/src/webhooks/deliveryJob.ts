import type { Backoff, JobEvent } from '@conveyor/events';
import type { CommandMeta } from '../commandMeta';
import { submitJob } from '../decideJob';
import type { WebhookPayload } from './planDeliveries';
import { webhookDeliverJobType } from './webhookEventTypes';

/** How a delivery job retries: its attempts and backoff (the processors' WEBHOOK_* settings). */
export interface DeliveryPolicy {
  maxAttempts: number;
  backoff: Backoff;
  /** One attempt's limit, in milliseconds. */
  timeoutMs: number;
}

/** The payload of a `webhook.deliver` job: the secret stays a sealed envelope until the executor opens it. */
export interface DeliveryJobPayload {
  subscriptionId: string;
  url: string;
  secret: { $secret: string };
  /** The `webhook-id` header: the delivered event's id, the same on every attempt. */
  messageId: string;
  event: WebhookPayload;
}

/** What one delivery is made of. */
export interface DeliveryOrder {
  jobId: string;
  subscriptionId: string;
  url: string;
  sealedSecret: string;
  messageId: string;
  event: WebhookPayload;
}

/**
 * The JobSubmitted of a delivery (pure, public): a `webhook.deliver` job whose concurrency key is the
 * subscription, so one slow receiver does not hold every executor slot.
 */
export function submitDelivery(order: DeliveryOrder, policy: DeliveryPolicy, meta: CommandMeta): JobEvent[] {
  const payload: DeliveryJobPayload = {
    subscriptionId: order.subscriptionId, url: order.url, secret: { $secret: order.sealedSecret }, messageId: order.messageId, event: order.event,
  };
  return submitJob({
    type: 'SubmitJob', jobId: order.jobId, meta,
    data: {
      jobType: webhookDeliverJobType, payload, priority: 'normal', maxAttempts: policy.maxAttempts, timeoutMs: policy.timeoutMs, runAt: null,
      concurrencyKey: `webhook:${order.subscriptionId}`, backoff: policy.backoff, idempotencyKey: null, scheduleId: null,
    },
  }, null);
}
