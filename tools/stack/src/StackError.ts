/**
 * A failure the user can act on (missing tool, port taken, component unhealthy).
 * The CLI prints its one-line message and exits non-zero, without a stack trace. Public.
 */
export class StackError extends Error {
  override name = 'StackError';
}
