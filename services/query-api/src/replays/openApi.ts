import { json, problem, ref } from '@conveyor/runtime';

const time = { type: 'string', format: 'date-time' };

/** The replay reads of the OpenAPI document (public). */
export const replayPaths = {
  '/v1/replays': {
    get: {
      operationId: 'listReplays', summary: 'Replay runs (rebuild, redrive, as-of), newest first, with their progress',
      parameters: [
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } },
        { name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: 'nextCursor of the previous page' },
      ],
      responses: {
        200: { description: 'A page of runs.', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('ReplayRun') }, nextCursor: { type: ['string', 'null'] } } }) },
        400: problem('A query parameter is invalid.'),
      },
    },
  },
  '/v1/replays/snapshots': {
    get: {
      operationId: 'listSnapshots', summary: 'As-of snapshots built so far (served by GET /v1/jobs?asOf=)',
      responses: { 200: { description: 'The snapshots.', content: json({ type: 'object', required: ['items'], properties: { items: { type: 'array', items: ref('Snapshot') } } }) } },
    },
  },
  '/v1/replays/{id}': {
    get: {
      operationId: 'getReplay', summary: 'One replay run: status, progress (events, rate, ETA) and its report (verification, re-drive counts)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: { description: 'The run.', content: json(ref('ReplayRun')) }, 400: problem('The id is not a UUID.'), 404: problem('No such run.') },
    },
  },
};

/** The replay components of the OpenAPI document (public). */
export const replayComponents = {
  ReplayRun: {
    type: 'object',
    required: ['replayId', 'kind', 'status', 'topic', 'options', 'from', 'to', 'dryRun', 'requestedBy', 'requestedAt', 'startedAt', 'finishedAt', 'progress', 'events', 'report', 'error'],
    properties: {
      replayId: { type: 'string', format: 'uuid' }, kind: { enum: ['rebuild', 'redrive', 'as-of'] },
      status: { enum: ['requested', 'running', 'succeeded', 'failed', 'interrupted'] }, topic: { type: 'string' }, options: { type: 'object', additionalProperties: true },
      from: { type: ['string', 'null'], description: 'Start of the replayed range: rebuild --from, redrive --since, the as-of time.' },
      to: { type: ['string', 'null'] }, types: { type: 'array', items: { type: 'string' } }, dryRun: { type: 'boolean' },
      requestedBy: { type: 'string' }, requestedAt: time,
      startedAt: { type: ['string', 'null'], format: 'date-time' }, finishedAt: { type: ['string', 'null'], format: 'date-time' },
      progress: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'Fraction done; null while unknown.' },
      events: {
        type: ['object', 'null'], required: ['phase', 'done', 'total', 'rate', 'etaSeconds', 'lag'],
        properties: { phase: { type: 'string' }, done: { type: 'integer' }, total: { type: 'integer' }, rate: { type: 'number', description: 'events per second' }, etaSeconds: { type: ['number', 'null'] }, lag: { type: 'integer' } },
      },
      report: { description: 'rebuild: the verification per table; redrive: counts; as-of: the snapshot.' },
      error: { type: ['string', 'null'] },
    },
  },
  Snapshot: {
    type: 'object', required: ['schema', 'asOf', 'topic', 'events', 'builtAt', 'ready'],
    properties: { schema: { type: 'string' }, asOf: time, topic: { type: 'string' }, events: { type: 'integer' }, builtAt: { type: ['string', 'null'], format: 'date-time' }, ready: { type: 'boolean' } },
  },
};

/** The `asOf` query parameter of GET /v1/jobs and /v1/jobs/{id}. */
export const asOfParameter = {
  name: 'asOf', in: 'query', required: false, schema: time,
  description: 'Read the read model as it stood at this time, from an as-of snapshot built for exactly this time (400 when none was built).',
};
