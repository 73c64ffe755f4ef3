import type { WebhookSubscriptionState } from '@conveyor/domain/webhooks';

/** A row of `webhook_subscriptions` (migration 060) as pg returns it. */
export interface WebhookSubscriptionRow {
  subscription_id: string;
  admin_topic: string;
  url: string;
  event_types: string[];
  job_types: string[];
  sealed_secret: string;
  description: string | null;
  created_at: Date;
  created_by: string;
  deleted_at: Date | null;
  deleted_by: string | null;
}

/** A subscription as the API shows it: never its secret, sealed or not. */
export interface WebhookSubscriptionView {
  id: string;
  url: string;
  eventTypes: string[];
  jobTypes: string[];
  description: string | null;
  createdAt: string;
  createdBy: string;
}

/** The statuses of a delivery: its job's, as far as a delivery goes. */
export const webhookDeliveryStatuses = ['pending', 'running', 'retrying', 'succeeded', 'failed', 'dead_lettered', 'cancelled'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** A row of `webhook_deliveries` (migration 060) as pg returns it. */
export interface WebhookDeliveryRow {
  job_id: string;
  subscription_id: string;
  event_type: string;
  message_id: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  last_response_status: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

/** A delivery as the API shows it. */
export interface WebhookDeliveryView {
  jobId: string;
  eventType: string;
  /** The `webhook-id` the receiver saw: the delivered event's id. */
  messageId: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The domain state of a subscription row (pure). */
export function toWebhookSubscriptionState(row: WebhookSubscriptionRow): WebhookSubscriptionState {
  return {
    subscriptionId: row.subscription_id, url: row.url, eventTypes: row.event_types, jobTypes: row.job_types, sealedSecret: row.sealed_secret,
    description: row.description, status: row.deleted_at ? 'deleted' : 'active',
  };
}

/** The API view of a subscription row (pure): the secret left out. */
export function toWebhookSubscriptionView(row: WebhookSubscriptionRow): WebhookSubscriptionView {
  return {
    id: row.subscription_id, url: row.url, eventTypes: row.event_types, jobTypes: row.job_types, description: row.description,
    createdAt: row.created_at.toISOString(), createdBy: row.created_by,
  };
}

/** The API view of a delivery row (pure). */
export function toWebhookDeliveryView(row: WebhookDeliveryRow): WebhookDeliveryView {
  return {
    jobId: row.job_id, eventType: row.event_type, messageId: row.message_id, status: row.status, attempts: row.attempts,
    lastResponseStatus: row.last_response_status, lastError: row.last_error, createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}
