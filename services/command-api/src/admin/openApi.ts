import { z } from 'zod';
import { json, problem, ref } from '@conveyor/runtime';
import { replayRequestSchema } from './parseReplayRequest';
import { requestHeaders } from '../http/requestHeaders';

/** The admin replay command of the OpenAPI document (public). */
export const adminReplayPaths = {
  '/v1/admin/replays': {
    post: {
      operationId: 'requestReplay',
      summary: 'Request a replay: rebuild the read models from the log, re-drive dead letters, or build an as-of snapshot',
      description: 'The processors\' replay runner claims the run; follow it with GET /v1/replays/{id} on the query API. Without `kind`, a rebuild. `force` is refused (400): only the replay CLI forces a swap. A second identical request while one is requested or running is refused with 409 naming the running one.',
      parameters: [requestHeaders.actor],
      requestBody: { required: true, content: json(ref('ReplayRequest')) },
      responses: {
        202: {
          description: 'The run is recorded; Location names it.', content: json(ref('ReplayRequested')),
          headers: { Location: { description: 'The run on the query API: /v1/replays/{replayId}.', schema: { type: 'string' } } },
        },
        400: problem('Malformed JSON or an invalid option; `force` (only the replay CLI may force a swap); a `from` or `asOf` in the future.'),
        409: problem('An identical run is already requested or running (the detail names it), or the as-of snapshot quota (ASOF_MAX_SNAPSHOTS) is reached.'),
        413: problem('The body is too large.'),
        415: problem('The content type is not application/json.'),
      },
    },
  },
};

const { $schema: _ignored, ...request } = z.toJSONSchema(replayRequestSchema, { io: 'input' });

/** The admin replay components of the OpenAPI document (public). */
export const adminReplayComponents = {
  ReplayRequest: request,
  ReplayRequested: { type: 'object', required: ['replayId', 'status'], properties: { replayId: { type: 'string', format: 'uuid' }, status: { const: 'requested' } } },
};
