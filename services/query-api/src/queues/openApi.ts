import { json, ref } from '@conveyor/runtime';
import { afterParameterDoc, afterResponses } from '../positions/openApi';

/** The queue read of the OpenAPI document (public). */
export const queuePaths = {
  '/v1/queues': {
    get: {
      operationId: 'listQueues', summary: 'Every queue the catalog, the queue states or the jobs know: paused or not, its workers, types, waiting jobs and throughput',
      parameters: [afterParameterDoc],
      responses: {
        ...afterResponses,
        200: { description: 'The queues, by name.', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Queue') } } }) },
      },
    },
  },
};

/** The queue components of the OpenAPI document (public). */
export const queueComponents = {
  Queue: {
    type: 'object',
    required: ['queue', 'paused', 'changedAt', 'changedBy', 'workers', 'types', 'waiting', 'finishedLastHour'],
    properties: {
      queue: { type: 'string' },
      paused: { type: 'boolean', description: 'Its workers do not fetch its work while paused (POST /v1/queues/{queue}/pause and /resume on the command API).' },
      changedAt: { type: ['string', 'null'], format: 'date-time', description: 'The last pause or resume; null for a queue never paused.' },
      changedBy: { type: ['string', 'null'], description: 'Who paused or resumed it last.' },
      workers: { type: 'array', items: ref('CatalogWorker'), description: 'The workers serving the queue seen within the last 2 minutes, most recently seen first.' },
      types: { type: 'array', items: { type: 'string' }, description: 'The job types whose latest version names the queue.' },
      waiting: {
        type: 'integer', minimum: 0,
        description: 'Jobs of its types queued or retrying: the read model\'s count. The Kafka lag of its work topics is in the metrics (conveyor_queue_*).',
      },
      finishedLastHour: { type: 'integer', minimum: 0, description: 'Jobs of its types that finished in the last hour: its throughput.' },
    },
  },
};
