import { Agent, fetch as undiciFetch } from 'undici';
import { answered, ConveyorProblemError, createClient, isAbort, type JobSubmission } from '@conveyor/client';

/** How a request went wrong, for the error table. */
export type RequestErrorKind = `http_${number}` | 'network' | 'timeout' | 'bad_response';

/** One job to submit, in the command API's body shape. */
export type JobRequest = Pick<JobSubmission, 'type' | 'payload' | 'priority' | 'maxAttempts'>;

/** The outcome of one POST. */
export type SubmitResult =
  | { ok: true; jobIds: string[]; status: number }
  | { ok: false; kind: RequestErrorKind; detail: string };

/** The outcome of a failed submission, classified for the error table (pure). */
export function classifyFailure(err: unknown, timeoutMs: number): SubmitResult & { ok: false } {
  if (err instanceof ConveyorProblemError) {
    if (err.status === 0) return { ok: false, kind: 'network', detail: err.detail ?? err.title };
    return { ok: false, kind: `http_${err.status}`, detail: JSON.stringify(err.problem).slice(0, 300) };
  }
  if (isAbort(err)) return { ok: false, kind: 'timeout', detail: `no answer within ${timeoutMs} ms` };
  if (err instanceof SyntaxError) return { ok: false, kind: 'bad_response', detail: err.message.slice(0, 300) };
  return { ok: false, kind: 'network', detail: err instanceof Error ? err.message : String(err) };
}

/**
 * The command API's `POST /v1/jobs` and `/v1/jobs/batch` through `@conveyor/client` (and any endpoint of the
 * same contract, such as the BullMQ peer in the bench), over at most `maxSockets` keep-alive connections.
 * Never throws: failures come back classified by kind; `timeoutMs` bounds each request, in milliseconds.
 */
export function createCommandClient(options: { baseUrl: string; maxSockets: number; timeoutMs: number; apiKey?: string }) {
  const agent = new Agent({ connections: options.maxSockets, pipelining: 1 });
  // The client builds a Request; undici's own fetch takes it apart so the capped agent carries it.
  const fetchViaAgent = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
    const res = await undiciFetch(request.url, { method: request.method, headers: [...request.headers], body, signal: request.signal, dispatcher: agent });
    return new Response(res.body as ReadableStream<Uint8Array> | null, { status: res.status, statusText: res.statusText, headers: [...res.headers] });
  };
  const client = createClient({ commandUrl: options.baseUrl, queryUrl: options.baseUrl, fetch: fetchViaAgent, ...(options.apiKey ? { apiKey: options.apiKey } : {}) });

  const answer = async (pending: Promise<{ data?: { jobId?: string; jobIds?: string[] }; error?: unknown; response: Response }>): Promise<SubmitResult> => {
    try {
      const { data, response } = await answered(pending);
      const jobIds = data?.jobIds ?? (data?.jobId ? [data.jobId] : []);
      return jobIds.length ? { ok: true, jobIds, status: response.status } : { ok: false, kind: 'bad_response', detail: JSON.stringify(data).slice(0, 300) };
    } catch (err) {
      return classifyFailure(err, options.timeoutMs);
    }
  };

  return {
    /** POST /v1/jobs with one job. */
    submit: (job: JobRequest) => answer(client.command.POST('/v1/jobs', { body: job, signal: AbortSignal.timeout(options.timeoutMs) })),
    /** POST /v1/jobs/batch; the answer's jobIds follow the order of `jobs`. */
    submitBatch: (jobs: JobRequest[]) => answer(client.command.POST('/v1/jobs/batch', { body: { jobs }, signal: AbortSignal.timeout(options.timeoutMs) })),
    close: () => {
      void agent.destroy();
    },
  };
}

export type CommandClient = ReturnType<typeof createCommandClient>;
