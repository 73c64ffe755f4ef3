import createFetchClient, { type Client, type Middleware } from 'openapi-fetch';
import { ConveyorProblemError, problemFrom, unreachable } from './ConveyorProblemError';
import type {
  Accepted, BatchAccepted, CancelAccepted, CommandPaths, DeadLetter, DeadLetterCause, DeadLetterStatus, Job, JobDetail, JobSort,
  JobSubmission, JobType, Page, Positioned, QueryPaths, Queue, QueueState, RequeueMatchingRequest,
} from './types';
import { waitForJob, type WaitForOptions } from './waitForJob';

/** Options of `createClient` (public). */
export interface ClientOptions {
  /** Base URL of the command API, e.g. `http://127.0.0.1:3001`. */
  commandUrl: string;
  /** Base URL of the query API, e.g. `http://127.0.0.1:3002`. */
  queryUrl: string;
  /** A Conveyor API key (`cvk_…`), sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** Called per request for a bearer token (an OIDC access token, say) when there is no `apiKey`; null sends none. */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** The fetch to use; default the global one. */
  fetch?: typeof fetch;
  /** Called when an API answers 401: the credential is missing, expired or revoked. */
  onUnauthorized?: () => void;
}

/** The header naming where a command's events sit in the log (read your own writes). */
export const positionHeader = 'Conveyor-Position';

/** Query of `GET /v1/jobs`; times are ISO 8601 strings. */
export interface JobQuery {
  status?: string | readonly string[];
  type?: string | readonly string[];
  from?: string;
  to?: string;
  /** Text searched in the payload and the error message (at least 3 characters). */
  q?: string;
  sort?: JobSort;
  /** Page size, 1..1000 (the server's default when absent). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** A command's `position`: the page then shows its effect. */
  after?: string | null;
}

/** Filters of `GET /v1/dead-letters`; `from` inclusive, `to` exclusive, ISO 8601. */
export interface DeadLetterQuery {
  type?: string;
  cause?: DeadLetterCause;
  /** Default `dead`: the letters waiting for an operator. */
  status?: DeadLetterStatus | 'all';
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}

/** Options of a submission. */
export interface SubmitOptions {
  /** Sent as `Idempotency-Key`: a retry with the same key returns the same job. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

type Answer<T> = { data?: T; error?: unknown; response: Response };

const list = (v: string | readonly string[] | undefined) => (v === undefined ? undefined : typeof v === 'string' ? v : v.length ? v.join(',') : undefined);

/**
 * Creates a client of both Conveyor APIs (public): typed from their OpenAPI documents, every failure a
 * `ConveyorProblemError`. `command` and `query` are the typed openapi-fetch clients for any other route.
 */
export function createClient(options: ClientOptions) {
  const fetchImpl = options.fetch ?? ((input: Request | string | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const commandUrl = trimSlash(options.commandUrl);
  const queryUrl = trimSlash(options.queryUrl);
  const token = async () => options.apiKey ?? (await options.getToken?.()) ?? null;
  const authHeaders = async (): Promise<Record<string, string>> => {
    const t = await token();
    return t ? { Authorization: `Bearer ${t}` } : {};
  };
  const middleware = (api: string): Middleware => ({
    // Both hooks change nothing they return: openapi-fetch then keeps the request and the response as they are.
    async onRequest({ request }) {
      const t = await token();
      if (t) request.headers.set('Authorization', `Bearer ${t}`);
    },
    onResponse({ response }) {
      if (response.status === 401) options.onUnauthorized?.();
    },
    onError({ request, error }) {
      if (isAbort(error)) return error as Error;
      return new ConveyorProblemError(unreachable(api, request.method, request.url));
    },
  });
  const headers = { accept: 'application/json, application/problem+json' };
  const command: Client<CommandPaths> = createFetchClient<CommandPaths>({ baseUrl: commandUrl, headers, fetch: fetchImpl });
  command.use(middleware('command'));
  const query: Client<QueryPaths> = createFetchClient<QueryPaths>({ baseUrl: queryUrl, headers, fetch: fetchImpl });
  query.use(middleware('query'));

  const get = async (jobId: string, opts: { after?: string | null; asOf?: string; signal?: AbortSignal } = {}): Promise<JobDetail> =>
    body(query.GET('/v1/jobs/{id}', { params: { path: { id: jobId }, query: { after: opts.after ?? undefined, asOf: opts.asOf } }, signal: opts.signal }));

  const jobs = {
    /** Submits a job; 202 means its JobSubmitted is durable in Kafka. */
    async submit(job: JobSubmission, opts: SubmitOptions = {}): Promise<Positioned<Accepted>> {
      return positioned(command.POST('/v1/jobs', { body: job, params: { header: opts.idempotencyKey ? { 'Idempotency-Key': opts.idempotencyKey } : {} }, signal: opts.signal }));
    },
    /** Submits 1 to 1000 jobs, all or none, in one publish. */
    async submitBatch(batch: readonly JobSubmission[], opts: Omit<SubmitOptions, 'idempotencyKey'> = {}): Promise<Positioned<BatchAccepted>> {
      return positioned(command.POST('/v1/jobs/batch', { body: { jobs: [...batch] }, signal: opts.signal }));
    },
    /** A job and its timeline; `after` (a command's position) waits until the job shows that command. */
    get,
    /** One page of jobs (keyset pagination: pass `nextCursor` back as `cursor`). */
    list(q: JobQuery = {}, opts: { signal?: AbortSignal } = {}): Promise<Page<Job>> {
      return body(query.GET('/v1/jobs', { params: { query: { ...q, status: list(q.status), type: list(q.type), after: q.after ?? undefined } }, signal: opts.signal }));
    },
    /** Every job matching the query, page after page. */
    async *listAll(q: Omit<JobQuery, 'cursor'> = {}, opts: { signal?: AbortSignal } = {}): AsyncGenerator<Job> {
      let cursor: string | undefined;
      do {
        const page = await jobs.list({ ...q, cursor }, opts);
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    },
    /** Asks for a job's cancellation (404 unknown, 409 already finished); a running attempt is aborted. */
    cancel(jobId: string, opts: { reason?: string; signal?: AbortSignal } = {}): Promise<Positioned<CancelAccepted>> {
      return positioned(command.POST('/v1/jobs/{id}/cancel', { params: { path: { id: jobId } }, body: opts.reason ? { reason: opts.reason } : {}, signal: opts.signal }));
    },
    /** Resolves on the job's change into an awaited status, from the live stream (see `WaitForOptions`). */
    waitFor(jobId: string, opts: WaitForOptions = {}): Promise<JobDetail> {
      return waitForJob({
        streamUrl: (id) => `${queryUrl}/v1/stream?jobId=${encodeURIComponent(id)}`,
        fetch: fetchImpl,
        authHeaders,
        getJob: (id, o) => get(id, o).catch((err: unknown) => {
          if (err instanceof ConveyorProblemError && err.notFound) return null;
          throw err;
        }),
      }, jobId, opts);
    },
  };

  const deadLetters = {
    /** A page of dead letters, newest first. */
    list(q: DeadLetterQuery = {}, opts: { signal?: AbortSignal } = {}): Promise<Page<DeadLetter>> {
      return body(query.GET('/v1/dead-letters', { params: { query: q }, signal: opts.signal }));
    },
    get(id: string, opts: { signal?: AbortSignal } = {}): Promise<DeadLetter> {
      return body(query.GET('/v1/dead-letters/{id}', { params: { path: { id } }, signal: opts.signal }));
    },
    /** Puts a letter's job back to work (the id of a dead letter, or of a job: its newest letter). */
    requeue(id: string, opts: { reason?: string } = {}) {
      return positioned(command.POST('/v1/dead-letters/{id}/requeue', { params: { path: { id } }, body: opts.reason ? { reason: opts.reason } : {} }));
    },
    /** Requeues the letters matching a filter, oldest first, at most `limit` (default 1000). */
    requeueMatching(request: RequeueMatchingRequest) {
      return positioned(command.POST('/v1/dead-letters/requeue', { body: request }));
    },
    /** Drops a letter for good; its job stays dead. */
    discard(id: string, opts: { reason?: string } = {}) {
      return positioned(command.POST('/v1/dead-letters/{id}/discard', { params: { path: { id } }, body: opts.reason ? { reason: opts.reason } : {} }));
    },
  };

  const queues = {
    /** Every queue, by name; `after` (a pause's or a resume's position) waits until the list shows it. */
    async list(opts: { after?: string | null; signal?: AbortSignal } = {}): Promise<Queue[]> {
      return (await body(query.GET('/v1/queues', { params: { query: { after: opts.after ?? undefined } }, signal: opts.signal }))).items;
    },
    /** Pauses a queue: its workers stop fetching its work (attempts already fetched still run). */
    pause(queue: string, opts: { reason?: string; signal?: AbortSignal } = {}): Promise<Positioned<QueueState>> {
      return positioned(command.POST('/v1/queues/{queue}/pause', { params: { path: { queue } }, body: opts.reason ? { reason: opts.reason } : {}, signal: opts.signal }));
    },
    /** Resumes a paused queue: its workers fetch its work again. */
    resume(queue: string, opts: { signal?: AbortSignal } = {}): Promise<Positioned<QueueState>> {
      return positioned(command.POST('/v1/queues/{queue}/resume', { params: { path: { queue } }, signal: opts.signal }));
    },
  };

  return {
    ...jobs,
    deadLetters,
    queues,
    /** The job types the command API accepts, with their payload JSON Schemas. */
    async jobTypes(opts: { signal?: AbortSignal } = {}): Promise<JobType[]> {
      return (await body(command.GET('/v1/job-types', { signal: opts.signal }))).items;
    },
    /** The typed command API client (openapi-fetch) for any other route; failures still throw problems through `body`. */
    command,
    /** The typed query API client (openapi-fetch) for any other route. */
    query,
    commandUrl,
    queryUrl,
  };
}

export type ConveyorClient = ReturnType<typeof createClient>;

/**
 * The answer of an openapi-fetch call: its typed body and response, or the server's problem thrown as
 * `ConveyorProblemError` (public, for calls through `command` and `query`).
 */
export async function answered<T>(pending: Promise<Answer<T>>): Promise<{ data: T; response: Response }> {
  const { data, error, response } = await pending;
  if (!response.ok || error !== undefined) throw new ConveyorProblemError(problemFrom(error, response.status, response.statusText));
  return { data: data as T, response };
}

/** The typed body of a successful call (see `answered`). */
export async function body<T>(pending: Promise<Answer<T>>): Promise<T> {
  return (await answered(pending)).data;
}

/** The body of a command's answer with its `Conveyor-Position` (null when nothing was published). */
export async function positioned<T>(pending: Promise<Answer<T>>): Promise<Positioned<T>> {
  const { data, response } = await answered(pending);
  return { ...data, position: response.headers.get(positionHeader) };
}

/**
 * An abort or a timeout of the caller's signal, which stays what it is. By name, not `instanceof`: a
 * DOMException is not an Error of every realm.
 */
export function isAbort(error: unknown): boolean {
  const name = typeof error === 'object' && error !== null && 'name' in error ? (error as { name: unknown }).name : undefined;
  return name === 'AbortError' || name === 'TimeoutError';
}

function trimSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
