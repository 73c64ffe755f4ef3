import { z } from 'zod';
import { webhookEventTypes } from '@conveyor/domain/webhooks';
import { json, problem, ref } from '@conveyor/runtime';
import { positioned } from '../http/positionedResponse';
import { webhookRequestSchema } from './parseWebhookRequest';

const id = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }];
const unavailable = problem('Kafka did not acknowledge the event in time.');

/** The webhook commands of the OpenAPI document (public). */
export const webhookPaths = {
  '/v1/webhooks': {
    post: {
      operationId: 'createWebhook', summary: 'Subscribe a URL to job events; deliveries are signed per Standard Webhooks with the secret in this answer only',
      requestBody: { required: true, content: json(ref('WebhookRequest')) },
      responses: {
        201: positioned({
          description: 'WebhookSubscriptionCreated is durable in Kafka.', content: json(ref('WebhookCreated')),
          headers: { Location: { description: 'The subscription: /v1/webhooks/{id}.', schema: { type: 'string' } } },
        }),
        400: problem('Malformed JSON, invalid fields, or a URL the egress settings of the deliveries refuse (loopback, private, link-local… addresses), with `errors`.'),
        413: problem('The body is too large.'),
        415: problem('The content type is not application/json.'),
        503: unavailable,
      },
    },
  },
  '/v1/webhooks/{id}': {
    delete: {
      operationId: 'deleteWebhook', summary: 'Delete a subscription: no delivery is submitted for it from then on', parameters: id,
      responses: { 204: positioned({ description: 'WebhookSubscriptionDeleted is durable in Kafka.' }), 404: problem('No such subscription.'), 503: unavailable },
    },
  },
  '/v1/webhooks/{id}/test': {
    post: {
      operationId: 'testWebhook', summary: 'Send a test event (type webhook.test) to the subscription: a webhook.deliver job, one attempt', parameters: id,
      responses: {
        202: positioned({ description: 'The delivery job is submitted (JobSubmitted is durable in Kafka).', content: json(ref('WebhookTestAccepted')) }),
        404: problem('No such subscription.'), 503: unavailable,
      },
    },
  },
};

const schemaOf = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};

/** The webhook components of the OpenAPI document (public). */
export const webhookComponents = {
  WebhookRequest: schemaOf(webhookRequestSchema),
  WebhookCreated: {
    type: 'object', required: ['id', 'url', 'eventTypes', 'jobTypes', 'description', 'createdAt', 'createdBy', 'secret'],
    properties: {
      id: { type: 'string', format: 'uuid' }, url: { type: 'string' },
      eventTypes: { type: 'array', items: { enum: webhookEventTypes } }, jobTypes: { type: 'array', items: { type: 'string' } },
      description: { type: ['string', 'null'] }, createdAt: { type: 'string', format: 'date-time' }, createdBy: { type: 'string' },
      secret: { type: 'string', description: 'whsec_<base64>: verify the webhook-signature of every delivery with it. Shown once.' },
    },
  },
  WebhookTestAccepted: { type: 'object', required: ['jobId'], properties: { jobId: { type: 'string', format: 'uuid', description: 'The webhook.deliver job of the test event.' } } },
};
