import { json, problem } from '@conveyor/runtime';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'A dead-letter id, or a job id (its newest dead letter).' };
const reasonBody = { required: false, content: json({ type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 2000 } } }) };
const accepted = (extra: object) => ({ description: 'Accepted: the event is in Kafka.', content: json({ type: 'object', properties: { status: { type: 'string' }, ...extra } }) });

/** The dead-letter commands of the OpenAPI document (public). */
export const deadLetterPaths = {
  '/v1/dead-letters/{id}/requeue': {
    post: {
      operationId: 'requeueDeadLetter', summary: 'Put a dead job back to work: JobRequeued, its next attempt with a fresh attempt budget',
      parameters: [idParam], requestBody: reasonBody,
      responses: {
        202: accepted({ deadLetterId: { type: 'string' }, jobId: { type: 'string' }, attempt: { type: 'integer' } }),
        400: problem('The body is invalid.'), 404: problem('No such dead letter.'),
        409: problem('The letter is not dead (requeued, discarded), has no job (a poison message), or its job is no longer dead.'),
      },
    },
  },
  '/v1/dead-letters/requeue': {
    post: {
      operationId: 'requeueDeadLetters', summary: 'Requeue the dead letters a filter selects (oldest first, at most limit)',
      requestBody: {
        required: false,
        content: json({
          type: 'object', additionalProperties: false,
          properties: {
            type: { type: 'string' }, cause: { enum: ['attempts_exhausted', 'non_retriable', 'unknown_type'] },
            since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 }, reason: { type: 'string' },
          },
        }),
      },
      responses: { 202: accepted({ count: { type: 'integer' }, deadLetterIds: { type: 'array', items: { type: 'string' } } }), 400: problem('The body is invalid.') },
    },
  },
  '/v1/dead-letters/{id}/discard': {
    post: {
      operationId: 'discardDeadLetter', summary: 'Drop a dead letter for good (DeadLetterDiscarded on the dead-letter topic)',
      parameters: [idParam], requestBody: reasonBody,
      responses: {
        202: accepted({ deadLetterId: { type: 'string' }, jobId: { type: ['string', 'null'] } }),
        400: problem('The body is invalid.'), 404: problem('No such dead letter.'), 409: problem('The letter was already requeued or discarded.'),
      },
    },
  },
};
