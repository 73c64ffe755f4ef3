import { json, ref } from '@conveyor/runtime';

const time = { type: 'string', format: 'date-time' };
const defaults = {
  type: 'object', description: 'Defaults applied when a submission does not say.',
  properties: { timeoutMs: { type: 'integer' }, maxAttempts: { type: 'integer' }, concurrency: { type: 'integer' } },
};

/** The catalog read of the OpenAPI document (public). */
export const jobTypePaths = {
  '/v1/job-types': {
    get: {
      operationId: 'listCatalogJobTypes', summary: 'The job-type catalog: every type workers registered, its versions, queue, payload schema and the workers serving it',
      responses: {
        200: { description: 'The catalog, by type name.', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('CatalogJobType') } } }) },
      },
    },
  },
};

/** The catalog components of the OpenAPI document (public). */
export const jobTypeComponents = {
  CatalogJobType: {
    type: 'object',
    required: ['type', 'version', 'queue', 'description', 'sideEffects', 'payloadSchema', 'versions', 'workers', 'lastSeenAt'],
    properties: {
      type: { type: 'string' }, version: { type: 'integer', minimum: 1, description: 'The latest version: submissions are validated against its payload schema.' },
      queue: { type: 'string' }, description: { type: 'string' }, sideEffects: { type: 'boolean' },
      payloadSchema: { type: 'object', additionalProperties: true, description: 'JSON Schema (draft 2020-12) of the payload, input side.' },
      versions: { type: 'array', items: ref('CatalogJobTypeVersion'), description: 'Every registered version, newest first.' },
      workers: { type: 'array', items: ref('CatalogWorker'), description: 'The workers that announced the type, most recently seen first.' },
      lastSeenAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  CatalogJobTypeVersion: {
    type: 'object',
    required: ['version', 'queue', 'description', 'sideEffects', 'defaults', 'payloadSchema', 'firstRegisteredAt', 'lastRegisteredAt'],
    properties: {
      version: { type: 'integer', minimum: 1 }, queue: { type: 'string' }, description: { type: 'string' }, sideEffects: { type: 'boolean' },
      defaults, payloadSchema: { type: 'object', additionalProperties: true }, firstRegisteredAt: time, lastRegisteredAt: time,
    },
  },
  CatalogWorker: {
    type: 'object', required: ['workerId', 'host', 'queues', 'lastSeenAt'],
    properties: { workerId: { type: 'string' }, host: { type: 'string' }, queues: { type: 'array', items: { type: 'string' } }, lastSeenAt: time },
  },
};
