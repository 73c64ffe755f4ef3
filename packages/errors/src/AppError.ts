import { problemTypes, type ErrorCode } from './problemTypes';

/** One failure of a field of the input: a JSON pointer-ish path and a message. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown>;
  errors?: FieldError[];
  retriable?: boolean;
}

/**
 * The root of Conveyor's error hierarchy. `expose` says whether `message` may be shown to a client
 * (true for 4xx); `retriable` drives the processors' retry decision.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly retriable: boolean;
  readonly expose: boolean;
  readonly context: Record<string, unknown>;
  readonly errors: FieldError[] | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    const row = problemTypes[code];
    this.code = code;
    this.status = row.status;
    this.retriable = options.retriable ?? row.retriable;
    this.expose = row.status < 500;
    this.context = options.context ?? {};
    this.errors = options.errors;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, errors?: FieldError[], options: AppErrorOptions = {}) {
    super('VALIDATION_FAILED', message, { ...options, errors });
  }
}

export class MalformedRequestError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('MALFORMED_REQUEST', message, options);
  }
}

export class UnprocessableError extends AppError {
  constructor(message: string, errors?: FieldError[], options: AppErrorOptions = {}) {
    super('UNPROCESSABLE', message, { ...options, errors });
  }
}

/** 401: no credentials, or credentials that are not valid (expired, forged, revoked, unknown). */
export class UnauthenticatedError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('UNAUTHENTICATED', message, options);
  }
}

/** 403: valid credentials whose roles do not allow the request. */
export class ForbiddenError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('FORBIDDEN', message, options);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('NOT_FOUND', message, options);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CONFLICT', message, options);
  }
}

export class ConcurrencyError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('CONCURRENCY', message, options);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('PAYLOAD_TOO_LARGE', message, options);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('UNSUPPORTED_MEDIA_TYPE', message, options);
  }
}

export class UnavailableError extends AppError {
  constructor(message: string, options: AppErrorOptions = {}) {
    super('UNAVAILABLE', message, options);
  }
}

/**
 * A failure a job handler declares permanent: the remaining attempts are skipped
 * and the job goes straight to failed / dead-letter.
 */
export class NonRetriableError extends Error {
  readonly retriable = false;
  readonly code: string;
  constructor(message: string, code = 'NON_RETRIABLE', options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'NonRetriableError';
    this.code = code;
  }
}

/** Whether an error may be retried: AppErrors and NonRetriableError say so; TypeError/RangeError are bugs. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof AppError || error instanceof NonRetriableError) return error.retriable;
  if (error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError) return false;
  if (error && typeof error === 'object' && 'retriable' in error) return Boolean((error as { retriable: unknown }).retriable);
  return true;
}
