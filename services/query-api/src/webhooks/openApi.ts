import { webhookDeliveryStatuses } from '@conveyor/read-model';
import { json, problem, ref } from '@conveyor/runtime';
import { afterParameterDoc, afterResponses } from '../positions/openApi';

const time = { type: 'string', format: 'date-time' };
const id = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const list = (item: string) => json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref(item) } } });

/** The webhook reads of the OpenAPI document (public). */
export const webhookPaths = {
  '/v1/webhooks': {
    get: {
      operationId: 'listWebhooks', summary: 'Webhook subscriptions, newest first (never their secret)', parameters: [afterParameterDoc],
      responses: { ...afterResponses, 200: { description: 'The subscriptions not deleted.', content: list('WebhookSubscription') } },
    },
  },
  '/v1/webhooks/{id}': {
    get: {
      operationId: 'getWebhook', summary: 'One webhook subscription', parameters: [id, afterParameterDoc],
      responses: {
        ...afterResponses, 200: { description: 'The subscription.', content: json(ref('WebhookSubscription')) },
        400: problem('The id is not a UUID.'), 404: problem('No such subscription.'),
      },
    },
  },
  '/v1/webhooks/{id}/deliveries': {
    get: {
      operationId: 'listWebhookDeliveries', summary: 'A subscription’s deliveries, newest first: event, delivery job, status, attempts, last response',
      parameters: [id, { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 } }, afterParameterDoc],
      responses: {
        ...afterResponses, 200: { description: 'The deliveries (a deleted subscription keeps its history).', content: list('WebhookDelivery') },
        400: problem('The id is not a UUID, or an invalid limit.'), 404: problem('No such subscription.'),
      },
    },
  },
};

/** The webhook components of the OpenAPI document (public). */
export const webhookComponents = {
  WebhookSubscription: {
    type: 'object', required: ['id', 'url', 'eventTypes', 'jobTypes', 'description', 'createdAt', 'createdBy'],
    properties: {
      id: { type: 'string', format: 'uuid' }, url: { type: 'string' }, eventTypes: { type: 'array', items: { type: 'string' } },
      jobTypes: { type: 'array', items: { type: 'string' }, description: 'Empty: every job type.' }, description: { type: ['string', 'null'] },
      createdAt: time, createdBy: { type: 'string' },
    },
  },
  WebhookDelivery: {
    type: 'object', required: ['jobId', 'eventType', 'messageId', 'status', 'attempts', 'lastResponseStatus', 'lastError', 'createdAt', 'updatedAt'],
    properties: {
      jobId: { type: 'string', format: 'uuid', description: 'The webhook.deliver job: its timeline is at GET /v1/jobs/{jobId}.' },
      eventType: { type: 'string' }, messageId: { type: 'string', description: 'The webhook-id header the receiver saw.' },
      status: { enum: webhookDeliveryStatuses }, attempts: { type: 'integer' },
      lastResponseStatus: { type: ['integer', 'null'], description: 'The HTTP status of the last answer; null before one, or after a network error.' },
      lastError: { type: ['string', 'null'] }, createdAt: time, updatedAt: time,
    },
  },
};
