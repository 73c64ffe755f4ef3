import type { FieldError, Problem } from './types';

/**
 * A failed API call, carrying the server's RFC 7807 problem (`application/problem+json`) field by field.
 * `status` 0 means the server was not reached (network down, wrong address, CORS); the client makes that
 * problem itself, without a `code`. Public.
 */
export class ConveyorProblemError extends Error {
  /** The problem as the server answered it. */
  readonly problem: Problem;
  /** The HTTP status; 0 when the server was not reached. */
  readonly status: number;
  /** The problem type URI (`about:blank` when the answer was no problem document). */
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  /** The Conveyor error code (`VALIDATION_FAILED`, `NOT_FOUND`, …); absent for problems the client made. */
  readonly code: Problem['code'];
  /** The failing fields: a JSON pointer into the body (or the query parameter) and a message each. */
  readonly errors: FieldError[];

  constructor(problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'ConveyorProblemError';
    this.problem = problem;
    this.status = problem.status;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.errors = problem.errors ?? [];
  }

  /** True when the resource (or the endpoint, on an older server) does not exist. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/**
 * The problem of an HTTP answer that is not a success (pure): its problem+json body when it is one, else
 * a problem made from the status line, keeping a short text body as the detail.
 */
export function problemFrom(body: unknown, status: number, statusText = ''): Problem {
  if (body && typeof body === 'object' && 'title' in body) {
    const p = body as Partial<Problem>;
    return { ...p, type: p.type ?? 'about:blank', title: String(p.title), status: typeof p.status === 'number' ? p.status : status } as Problem;
  }
  const detail = typeof body === 'string' && body.trim() !== '' && body.length < 300 ? body.trim() : undefined;
  return { type: 'about:blank', title: statusText || `HTTP ${status}`, status, ...(detail ? { detail } : {}) };
}

/** The problem of a request that never got an answer (status 0), naming the API and the URL. */
export function unreachable(api: string, method: string, url: string): Problem {
  return {
    type: 'about:blank',
    title: `Cannot reach the ${api} API`,
    status: 0,
    detail: `${method} ${url} failed (server down, wrong address, or CORS).`,
  };
}
