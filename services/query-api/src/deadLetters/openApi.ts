import { json, problem, ref } from '@conveyor/runtime';
import { rateLimitedResponse } from '@conveyor/rate-limit';
import { deadLetterCauses, deadLetterStatuses } from '@conveyor/read-model';
import { afterParameterDoc, afterResponses } from '../positions/openApi';

const time = { type: ['string', 'null'], format: 'date-time' };
const list = (description: string) => ({ type: 'string', description });

/** The dead-letter reads of the OpenAPI document (public). */
export const deadLetterPaths = {
  '/v1/dead-letters': {
    get: {
      operationId: 'listDeadLetters', summary: 'Dead letters, newest first (default: status=dead, those waiting for an operator)',
      parameters: [
        { name: 'type', in: 'query', required: false, schema: list('Comma-separated job types') },
        { name: 'cause', in: 'query', required: false, schema: list(`Comma-separated: ${deadLetterCauses.join(', ')}`) },
        { name: 'status', in: 'query', required: false, schema: list(`Comma-separated: ${deadLetterStatuses.join(', ')}, or all; default dead`) },
        { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date-time' }, description: 'Dead-lettered at or after' },
        { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date-time' }, description: 'Dead-lettered before' },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'nextCursor of the previous page' },
        afterParameterDoc,
      ],
      responses: {
        ...afterResponses,
        ...rateLimitedResponse('read'),
        200: { description: 'A page of dead letters.', content: json({ type: 'object', required: ['items', 'nextCursor'], properties: { items: { type: 'array', items: ref('DeadLetter') }, nextCursor: { type: ['string', 'null'] } } }) },
      },
    },
  },
  '/v1/dead-letters/{id}': {
    get: {
      operationId: 'getDeadLetter', summary: 'One dead letter',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, afterParameterDoc],
      responses: {
        ...afterResponses,
        200: { description: 'The dead letter.', content: json(ref('DeadLetter')) },
        400: problem('The id is not a UUID.'),
        404: problem('No such dead letter.'),
      },
    },
  },
};

/** The dead-letter components of the OpenAPI document (public). */
export const deadLetterComponents = {
  DeadLetter: {
    type: 'object',
    required: ['id', 'jobId', 'type', 'cause', 'error', 'attempts', 'origin', 'payload', 'rawValue', 'status', 'requeueCount', 'createdAt', 'deadLetteredAt', 'lastActionAt', 'lastActionBy'],
    properties: {
      id: { type: 'string', format: 'uuid' }, jobId: { type: ['string', 'null'], format: 'uuid' }, type: { type: ['string', 'null'] },
      cause: { enum: [...deadLetterCauses, null] },
      error: { type: ['object', 'null'], required: ['message', 'code', 'retriable'], properties: { message: { type: 'string' }, code: { type: 'string' }, retriable: { type: 'boolean' } } },
      attempts: { type: ['integer', 'null'] },
      origin: { type: 'object', required: ['topic', 'partition', 'offset'], properties: { topic: { type: ['string', 'null'] }, partition: { type: ['integer', 'null'] }, offset: { type: ['string', 'null'] } } },
      payload: {}, rawValue: { type: ['string', 'null'], description: 'The bytes of a poison message, base64.' },
      status: { enum: deadLetterStatuses }, requeueCount: { type: 'integer' },
      createdAt: time, deadLetteredAt: time, lastActionAt: time, lastActionBy: { type: ['string', 'null'] },
    },
  },
};
