import type { Problem } from './types';

/**
 * A failed API call, carrying the server's problem+json (or one made up for network failures).
 * `status` 0 means the server could not be reached.
 */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** True when the endpoint does not exist on this server (a feature not enabled yet). */
  get notFound(): boolean {
    return this.problem.status === 404;
  }
}

/** Turns anything thrown into a problem to show. */
export function toProblem(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  const message = err instanceof Error ? err.message : String(err);
  return { type: 'about:blank', title: 'Unexpected error', status: 0, detail: message };
}
