export { createWebhookService } from './webhookService';
export { createWebhookStateStore } from './webhookStateStore';
export { createWebhookEventPublisher } from './webhookEventPublisher';
export { webhookRoutes } from './routes';
export { webhookPaths, webhookComponents } from './openApi';
export { parseWebhookRequest, webhookRequestSchema } from './parseWebhookRequest';

export type { WebhookService, WebhookServiceDeps, CreatedWebhook } from './webhookService';
export type { WebhookStateStore } from './webhookStateStore';
