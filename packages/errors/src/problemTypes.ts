/**
 * Error codes as data rows (docs/engineering.md, Errors): the HTTP mapper and the docs read the same table.
 * `type` is the RFC 7807 problem type URI.
 */
export interface ProblemType {
  code: string;
  type: string;
  title: string;
  status: number;
  retriable: boolean;
}

const base = 'https://conveyor.dev/problems/';

export const problemTypes = {
  MALFORMED_REQUEST: { code: 'MALFORMED_REQUEST', type: `${base}malformed-request`, title: 'The request body is not valid JSON', status: 400, retriable: false },
  VALIDATION_FAILED: { code: 'VALIDATION_FAILED', type: `${base}validation-failed`, title: 'The request is not valid', status: 400, retriable: false },
  UNAUTHENTICATED: { code: 'UNAUTHENTICATED', type: `${base}unauthenticated`, title: 'Credentials are missing or not valid', status: 401, retriable: false },
  FORBIDDEN: { code: 'FORBIDDEN', type: `${base}forbidden`, title: 'The credentials do not allow this request', status: 403, retriable: false },
  NOT_FOUND: { code: 'NOT_FOUND', type: `${base}not-found`, title: 'Not found', status: 404, retriable: false },
  CONFLICT: { code: 'CONFLICT', type: `${base}conflict`, title: 'The request conflicts with the current state', status: 409, retriable: false },
  CONCURRENCY: { code: 'CONCURRENCY', type: `${base}precondition-failed`, title: 'The resource changed meanwhile', status: 412, retriable: true },
  PAYLOAD_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', type: `${base}payload-too-large`, title: 'The request body is too large', status: 413, retriable: false },
  UNSUPPORTED_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', type: `${base}unsupported-media-type`, title: 'Unsupported content type', status: 415, retriable: false },
  UNPROCESSABLE: { code: 'UNPROCESSABLE', type: `${base}unprocessable`, title: 'The payload does not match the job type', status: 422, retriable: false },
  UNAVAILABLE: { code: 'UNAVAILABLE', type: `${base}unavailable`, title: 'A dependency is unavailable', status: 503, retriable: true },
  INTERNAL: { code: 'INTERNAL', type: `${base}internal`, title: 'Internal error', status: 500, retriable: true },
} as const satisfies Record<string, ProblemType>;

export type ErrorCode = keyof typeof problemTypes;
