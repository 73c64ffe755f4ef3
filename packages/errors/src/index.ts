export {
  AppError,
  ValidationError,
  MalformedRequestError,
  UnprocessableError,
  NotFoundError,
  UnauthenticatedError,
  ForbiddenError,
  ConflictError,
  ConcurrencyError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UnavailableError,
  NonRetriableError,
  isRetriable,
} from './AppError';
export { problemTypes } from './problemTypes';
export { toProblem } from './toProblem';

export type { AppErrorOptions, FieldError } from './AppError';
export type { ProblemType, ErrorCode } from './problemTypes';
export type { Problem } from './toProblem';
