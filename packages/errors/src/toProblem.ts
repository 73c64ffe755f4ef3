import { AppError, type FieldError } from './AppError';
import { problemTypes } from './problemTypes';

/** An RFC 7807 problem document. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  traceId?: string;
  errors?: FieldError[];
}

/**
 * Maps any thrown value to a problem document. 4xx AppErrors show their message as `detail`;
 * anything else becomes a generic 500 that names only the trace id, never the internal message.
 */
export function toProblem(error: unknown, extra: { instance?: string; traceId?: string } = {}): Problem {
  if (error instanceof AppError) {
    const row = problemTypes[error.code];
    return {
      type: row.type,
      title: row.title,
      status: row.status,
      code: row.code,
      ...(error.expose ? { detail: error.message } : {}),
      ...(error.errors?.length ? { errors: error.errors } : {}),
      ...extra,
    };
  }
  const row = problemTypes.INTERNAL;
  return { type: row.type, title: row.title, status: row.status, code: row.code, ...extra };
}
