import { answered, body, commandApi, positionOf, queryApi } from './client';
import type { CommandSchemas, Page, QuerySchemas } from './types';

/**
 * The webhook endpoints (issue 12): subscriptions, "send a test event", the delivery history. Every
 * shape comes from the services' OpenAPI documents (web/src/api/generated, `npm run gen:api`).
 */

/** A subscription as listed: never its secret. */
export type WebhookSubscription = QuerySchemas['WebhookSubscription'];
/** A created subscription: the `whsec_` secret is in this answer only. */
export type CreatedWebhook = CommandSchemas['WebhookCreated'];
export type WebhookRequest = CommandSchemas['WebhookRequest'];
export type WebhookEventType = WebhookRequest['eventTypes'][number];
/** One delivery: the event, its webhook.deliver job, status, attempts and the receiver's last answer. */
export type WebhookDelivery = QuerySchemas['WebhookDelivery'];

/** The event types a subscription may name, in the order the form offers them. */
export const webhookEventTypes: readonly WebhookEventType[] = [
  'job.succeeded', 'job.failed', 'job.dead_lettered', 'job.retry_scheduled', 'job.submitted', 'job.started', 'job.cancelled', 'job.requeued',
];

const idParams = (id: string) => ({ params: { path: { id } } });

/** Every subscription (one list); `after` (a command's position) waits until the list shows its effect. */
export const listWebhooks = async (_cursor?: string, after?: string | null): Promise<Page<WebhookSubscription>> =>
  ({ items: (await body(queryApi().GET('/v1/webhooks', { params: { query: { after: after ?? undefined } } }))).items, nextCursor: null });

/** 201 with the subscription and its secret; `position` reads it back. */
export async function createWebhook(request: WebhookRequest): Promise<CreatedWebhook & { position: string | null }> {
  const { data, response } = await answered(commandApi().POST('/v1/webhooks', { body: request }));
  return { ...data, position: positionOf(response) };
}

export async function deleteWebhook(id: string): Promise<{ position: string | null }> {
  const { response } = await answered(commandApi().DELETE('/v1/webhooks/{id}', idParams(id)));
  return { position: positionOf(response) };
}

/** Submits a `webhook.test` delivery; `position` shows it in the history once projected. */
export async function testWebhook(id: string): Promise<{ jobId: string; position: string | null }> {
  const { data, response } = await answered(commandApi().POST('/v1/webhooks/{id}/test', idParams(id)));
  return { jobId: data.jobId, position: positionOf(response) };
}

/** A subscription's deliveries, newest first. */
export const listWebhookDeliveries = async (id: string, after?: string | null): Promise<WebhookDelivery[]> =>
  (await body(queryApi().GET('/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { after: after ?? undefined } } }))).items;
