export { webhookEventTypeOf, webhookEventTypes, webhookTestEventType, webhookDeliverJobType } from './webhookEventTypes';
export { formatWebhookSecret, webhookSecretKey, webhookSecretPrefix, webhookSecretBytes } from './webhookSecret';
export { checkWebhookUrl } from './checkWebhookUrl';
export { decideWebhookSubscription, createWebhookSubscription, deleteWebhookSubscription } from './decideWebhookSubscription';
export { planDeliveries, subscriptionMatches, webhookPayloadOf, webhookTestPayload } from './planDeliveries';
export { submitDelivery } from './deliveryJob';

export type { WebhookEventType } from './webhookEventTypes';
export type {
  WebhookSubscriptionDefinition, WebhookSubscriptionState, WebhookCommandMeta, CreateWebhookSubscription, DeleteWebhookSubscription, WebhookSubscriptionCommand,
} from './decideWebhookSubscription';
export type { MatchableSubscription, WebhookPayload, PlannedDelivery } from './planDeliveries';
export type { DeliveryPolicy, DeliveryJobPayload, DeliveryOrder } from './deliveryJob';
