export { createWebhookQueries } from './queries';
export { webhookRoutes } from './routes';
export { webhookPaths, webhookComponents } from './openApi';

export type { WebhookQueries } from './queries';
