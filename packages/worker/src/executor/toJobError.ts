import { isRetriable } from '@conveyor/errors';
import type { JobError } from '@conveyor/events';

const maxMessageChars = 2000;

/**
 * Maps whatever a handler threw to the JobError recorded in the log (pure): the message, a code
 * (`err.code` when it is a string, else HANDLER_ERROR) and whether a retry may help
 * (`isRetriable`: NonRetriableError and TypeError/RangeError/SyntaxError are not).
 */
export function toJobError(error: unknown): JobError {
  const code = error && typeof error === 'object' && 'code' in error && typeof error.code === 'string' && error.code ? error.code : 'HANDLER_ERROR';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  return { message: (message || code).slice(0, maxMessageChars), code, retriable: isRetriable(error) };
}
