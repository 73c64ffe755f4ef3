import { z } from 'zod';
import { withSecurity } from '@conveyor/auth';
import { documentHead, json, operationalPaths, problem, problemSchema, ref } from '@conveyor/runtime';
import { cancellationSchema } from './jobs/parseCancellation';
import { maxBatchJobs, submissionSchema } from './jobs/parseSubmission';
import { deadLetterPaths } from './deadLetters/openApi';
import { scheduleComponents, schedulePaths } from './schedules/openApi';
import { adminReplayComponents, adminReplayPaths } from './admin/openApi';
import { identityComponents, identityPaths } from './identity/openApi';
import { queueComponents, queuePaths } from './queues/openApi';
import { positioned } from './http/positionedResponse';
import { requestHeaders } from './http/requestHeaders';
import { rateLimitedResponse } from '@conveyor/rate-limit';

/** Paths served by `operationalRoutes` (a middleware, not the router); documented here too. */
export const middlewarePaths = ['/healthz', '/readyz'] as const;

const jsonSchema = (schema: z.ZodType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input' });
  return rest;
};


const headers = requestHeaders;

const common4xx = {
  400: problem('Malformed JSON (MALFORMED_REQUEST) or invalid fields (VALIDATION_FAILED, with `errors`).'),
  413: problem('The body exceeds the size limit.'),
  415: problem('The content type is not application/json.'),
};
const unavailable = { 503: problem('Kafka did not acknowledge in time; nothing is promised. Retry (with the same Idempotency-Key).') };

/**
 * The OpenAPI 3.1 document of the command API (public). Request schemas are generated from the same
 * zod schemas the routes parse with, so the document cannot drift from the code.
 */
export function openApiDocument() {
  return withSecurity({
    ...documentHead({
      title: 'Conveyor command API', localPort: 3001,
      description: 'Submits and cancels jobs, manages schedules, dead letters and replays. Every error is an RFC 7807 problem (application/problem+json). '
        + 'Commands answer `Conveyor-Position`, the log position of the accepted events: the query API takes it as `?after=` to read your own writes.',
    }),
    paths: {
      '/v1/jobs': {
        post: {
          operationId: 'submitJob',
          summary: 'Submit a job; 202 once Kafka acknowledged JobSubmitted',
          parameters: [headers.idempotencyKey, headers.actor, headers.traceparent],
          requestBody: { required: true, content: json(ref('JobSubmission')) },
          responses: {
            202: positioned({ description: 'Accepted: JobSubmitted is durable in Kafka.', content: json(ref('Accepted')) }),
            ...common4xx,
            409: problem('The Idempotency-Key was used with another body, or its first request is still in progress.'),
            422: problem('Unknown job type, or the payload does not match its schema (`errors` under /payload).'),
            ...rateLimitedResponse('submit'),
            ...unavailable,
          },
        },
      },
      '/v1/jobs/batch': {
        post: {
          operationId: 'submitJobs',
          summary: `Submit 1 to ${maxBatchJobs} jobs, all or none, in one publish`,
          description: 'Idempotency-Key is not supported here (400). Field paths are /jobs/<index>/…',
          parameters: [headers.actor, headers.traceparent],
          requestBody: { required: true, content: json(ref('BatchSubmission')) },
          responses: {
            202: positioned({ description: 'Accepted: every JobSubmitted is durable in Kafka.', content: json(ref('BatchAccepted')) }),
            ...common4xx,
            413: problem(`The body exceeds the size limit, or the batch holds more than ${maxBatchJobs} jobs, or more than the principal's \`submit\` burst.`),
            422: problem('An item names an unknown job type or its payload does not match.'),
            ...rateLimitedResponse('submit', 'one token per job, taken once the batch is valid'),
            ...unavailable,
          },
        },
      },
      '/v1/jobs/{id}/cancel': {
        post: {
          operationId: 'cancelJob',
          summary: 'Cancel a job that has not finished; a running attempt is aborted',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, headers.actor, headers.traceparent],
          requestBody: { required: false, content: json(ref('Cancellation')) },
          responses: {
            202: positioned({ description: 'JobCancelled is durable in Kafka.', content: json(ref('CancelAccepted')) }),
            ...common4xx,
            404: problem('No such job (after waiting briefly for the read model).'),
            409: problem('The job already succeeded, failed, was cancelled or dead-lettered.'),
            ...unavailable,
          },
        },
      },
      '/v1/job-types': {
        get: {
          operationId: 'listJobTypes',
          summary: 'The job types submissions may name and their payload schemas: the compiled ones and those workers registered (the query API lists the catalog with workers)',
          responses: { 200: { description: 'The catalog.', content: json(ref('JobTypeCatalog')) } },
        },
      },
      ...schedulePaths,
      ...adminReplayPaths,
      ...identityPaths,
      ...deadLetterPaths,
      ...queuePaths,
      ...operationalPaths('Kafka producer, schema registry and Postgres answer'),
    },
    components: {
      schemas: {
        ...scheduleComponents,
        ...adminReplayComponents,
        ...identityComponents,
        ...queueComponents,
        JobSubmission: jsonSchema(submissionSchema),
        BatchSubmission: {
          type: 'object', additionalProperties: false, required: ['jobs'],
          properties: { jobs: { type: 'array', minItems: 1, maxItems: maxBatchJobs, items: ref('JobSubmission') } },
        },
        Cancellation: jsonSchema(cancellationSchema),
        Accepted: {
          type: 'object', required: ['jobId', 'status'],
          properties: { jobId: { type: 'string', format: 'uuid' }, status: { const: 'accepted' } },
        },
        BatchAccepted: {
          type: 'object', required: ['jobIds', 'status'],
          properties: { jobIds: { type: 'array', items: { type: 'string', format: 'uuid' } }, status: { const: 'accepted' } },
        },
        CancelAccepted: {
          type: 'object', required: ['jobId', 'status'],
          properties: { jobId: { type: 'string', format: 'uuid' }, status: { const: 'cancel-accepted' } },
        },
        JobTypeCatalog: {
          type: 'object', required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object', required: ['type', 'version', 'queue', 'description', 'sideEffects', 'defaults', 'payloadSchema'],
                properties: {
                  type: { type: 'string' }, description: { type: 'string' }, sideEffects: { type: 'boolean' },
                  version: { type: 'integer', minimum: 1, description: 'The latest registered version (1 for a compiled type not yet registered).' },
                  queue: { type: 'string', description: 'The queue its work goes to.' },
                  defaults: { type: 'object', properties: { timeoutMs: { type: 'integer' }, maxAttempts: { type: 'integer' }, concurrency: { type: 'integer' } } },
                  payloadSchema: { type: 'object', additionalProperties: true, description: 'JSON Schema (2020-12) of the payload.' },
                },
              },
            },
          },
        },
        Problem: problemSchema,
      },
    },
  }, 'command');
}
