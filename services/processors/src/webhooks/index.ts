export { startWebhooks } from './startWebhooks';
export { webhookSubscriptionsReadModel } from './webhookSubscriptionsReadModel';
export { webhookDeliveriesReadModel, evolveDelivery } from './webhookDeliveriesReadModel';
export { deliveryIds } from './deliveryIds';

export type { WebhooksDeps } from './startWebhooks';
export type { WebhookSubscriptionBatch } from './webhookSubscriptionsReadModel';
export type { WebhookDeliveryBatch } from './webhookDeliveriesReadModel';
