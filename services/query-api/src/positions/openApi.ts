import { problem } from '@conveyor/runtime';
import { maxPositions } from '@conveyor/read-model';
import { afterParameter } from './afterPosition';

/** The `after` query parameter of the reads that serve read-your-writes (public). */
export const afterParameterDoc = {
  name: afterParameter, in: 'query', required: false,
  schema: { type: 'string', pattern: '^[a-zA-Z0-9._-]+:\\d+:\\d+(,[a-zA-Z0-9._-]+:\\d+:\\d+)*$', maxLength: 30_000 },
  description: 'Read your own writes: the `Conveyor-Position` header of a command API answer (`topic:partition:offset`, comma-separated, '
    + `at most ${maxPositions}). The answer waits until this read model has passed those log positions, at most POSITION_WAIT_MAX_MS `
    + '(default 5 s), then is 503 with `Retry-After`.',
};

/** The answers a read with `after` may add: 400 for a malformed token, 503 when the projection did not reach it in time. */
export const afterResponses = {
  400: problem('A query parameter is invalid (VALIDATION_FAILED, one entry per parameter in `errors`; `after` not a Conveyor-Position token).'),
  503: {
    ...problem('The read model did not pass the `after` positions within the bound (UNAVAILABLE): retry, or read without `after`.'),
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } } },
  },
};
