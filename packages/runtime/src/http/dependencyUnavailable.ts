import { AppError, UnavailableError } from '@conveyor/errors';

/** Socket errors of a dependency that cannot be reached (refused, reset, timed out, unknown host). */
const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * PostgreSQL SQLSTATE classes and codes that mean "the database is not there right now", not "your
 * query is wrong": 08 connection exceptions, 57P01–57P03 (terminated by an administrator, crash
 * shutdown, cannot connect now), 53300 too many connections.
 */
const unavailableSqlStates = /^(08...|57P0[123]|53300)$/;

/** Messages node-postgres throws without a code when its connection is gone or cannot be had in time. */
const unavailableMessages = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/i;

/**
 * A dependency outage seen in an error: a socket error, a PostgreSQL connection failure, or a
 * KafkaJS connection error (internal). Followed through `cause` chains.
 */
export function isDependencyUnavailable(err: unknown, depth = 0): boolean {
  // Duck-typed, not `instanceof Error`: errors of Node's own sockets may come from another realm (jest's vm).
  if (typeof err !== 'object' || err === null || depth > 5) return false;
  const { code, name, message, errors, cause } = err as { code?: unknown; name?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string' && (networkCodes.has(code) || unavailableSqlStates.test(code))) return true;
  if (typeof name === 'string' && /^KafkaJS(Connection|ConnectionClosed|NumberOfRetriesExceeded|RequestTimeout)Error$/.test(name)) return true;
  if (typeof message === 'string' && unavailableMessages.test(message)) return true;
  if (Array.isArray(errors) && errors.some((e) => isDependencyUnavailable(e, depth + 1))) return true;
  return isDependencyUnavailable(cause, depth + 1);
}

/**
 * A PostgreSQL statement cancelled by the pool's `statement_timeout` (SQLSTATE 57014, query_canceled; the
 * APIs never cancel a statement otherwise): the database is too busy to answer in time (issue 11).
 */
export function isStatementTimeout(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '57014';
}

/**
 * The error a client should see (public): an AppError as it is, a dependency outage or a statement
 * timeout as a 503 UnavailableError (the cause kept for the log), anything else unchanged (a 500). So a
 * Postgres outage answers 503 with Retry-After rather than 500 (issue 14).
 */
export function asClientError(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (isDependencyUnavailable(err)) return new UnavailableError('a dependency is unavailable', { cause: err });
  if (isStatementTimeout(err)) return new UnavailableError('a database query ran past its statement_timeout', { cause: err });
  return err;
}
