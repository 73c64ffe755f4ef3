import { positionHeader } from '@conveyor/read-model';

/** The `Conveyor-Position` response header in the OpenAPI document. */
const positionHeaderDoc = {
  description: 'Read your own writes: where the accepted events sit in the log, `topic:partition:offset` (comma-separated, the highest offset '
    + 'per partition). Pass it to the query API as `?after=` to read a state that includes them. Absent on an Idempotency-Key repeat.',
  schema: { type: 'string', example: 'conveyor.job-events:3:1042' },
};

/** A success response of the OpenAPI document that answers `Conveyor-Position` (internal). */
export const positioned = <R extends { description: string; headers?: object }>(response: R) => ({ ...response, headers: { ...response.headers, [positionHeader]: positionHeaderDoc } });
