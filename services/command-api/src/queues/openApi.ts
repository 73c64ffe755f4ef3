import { z } from 'zod';
import { json, problem, ref } from '@conveyor/runtime';
import { positioned } from '../http/positionedResponse';
import { queuePauseSchema } from './queueService';

const queue = [{ name: 'queue', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,47}$' }, description: 'The queue (`default` unless a job type names another).' }];
const errors = {
  400: problem('Malformed JSON, or an invalid queue name or body (VALIDATION_FAILED).'),
  413: problem('The body is too large.'),
  415: problem('The content type is not application/json.'),
  503: problem('Kafka did not acknowledge in time; nothing is promised. Retry.'),
};

/** The queue paths of the OpenAPI document (public). */
export const queuePaths = {
  '/v1/queues/{queue}/pause': {
    post: {
      operationId: 'pauseQueue', summary: 'Pause a queue: its workers stop fetching its work (attempts already fetched still run)', parameters: queue,
      requestBody: { required: false, content: json(ref('QueuePause')) },
      responses: { 200: positioned({ description: 'QueuePaused is durable in Kafka.', content: json(ref('QueueState')) }), ...errors },
    },
  },
  '/v1/queues/{queue}/resume': {
    post: {
      operationId: 'resumeQueue', summary: 'Resume a paused queue: its workers fetch its work again', parameters: queue,
      responses: { 200: positioned({ description: 'QueueResumed is durable in Kafka.', content: json(ref('QueueState')) }), ...errors },
    },
  },
};

const { $schema: _ignored, ...pause } = z.toJSONSchema(queuePauseSchema, { io: 'input' });

/** The queue components of the OpenAPI document (public). */
export const queueComponents = {
  QueuePause: pause,
  QueueState: { type: 'object', required: ['queue', 'paused'], properties: { queue: { type: 'string' }, paused: { type: 'boolean' } } },
};
