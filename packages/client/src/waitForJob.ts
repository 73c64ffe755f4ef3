import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ConveyorProblemError, problemFrom } from './ConveyorProblemError';
import { classifyMessage, createStreamResume, type StreamResume } from './streamResume';
import { finishedStatuses, type JobDetail, type JobStatus } from './types';

/** Options of `waitFor` (public). */
export interface WaitForOptions {
  /** The statuses to wait for; default the finished ones (succeeded, failed, cancelled, dead). */
  status?: JobStatus | readonly JobStatus[];
  /** Give up after this many milliseconds (rejects with `WaitTimeoutError`); default: no limit. */
  timeoutMs?: number;
  /** Aborts the wait (rejects with the signal's reason). */
  signal?: AbortSignal;
  /** The `Conveyor-Position` of the command that made the job: the first read then shows it. */
  after?: string | null;
}

/** `waitFor` gave up: the job did not reach a wanted status within `timeoutMs` (public). */
export class WaitTimeoutError extends Error {
  constructor(readonly jobId: string, readonly timeoutMs: number, readonly lastStatus: JobStatus | undefined) {
    super(`job ${jobId} did not reach the awaited status within ${timeoutMs} ms (last seen: ${lastStatus ?? 'not found'})`);
    this.name = 'WaitTimeoutError';
  }
}

/** What `waitForJob` needs of the client. */
export interface WaitForDeps {
  /** The stream's URL for one job (`GET /v1/stream?jobId=`). */
  streamUrl: (jobId: string) => string;
  fetch: typeof fetch;
  /** The credential headers of each request. */
  authHeaders: () => Promise<Record<string, string>>;
  /** Reads the job (null while unknown); `after` as a position. */
  getJob: (jobId: string, options: { after?: string | null; signal: AbortSignal }) => Promise<JobDetail | null>;
}

/** Answers that a waiter retries (after a delay) instead of failing: rate limits, stream caps, and server trouble. */
const retriedStatuses = new Set([429, 502, 503, 504]);

/**
 * Resolves with the job once its status is one it waits for, or once it finished otherwise (check
 * `status`): the job's changes come from the query API's SSE stream, not from polling. The stream opens
 * first, then the job is read once, so a change between the two is not missed; after a dropped connection
 * it reconnects with `Last-Event-ID` and the server replays what it missed (or says `reset`: read again).
 */
export async function waitForJob(deps: WaitForDeps, jobId: string, options: WaitForOptions = {}): Promise<JobDetail> {
  const wanted = new Set<JobStatus>(options.status === undefined ? finishedStatuses : typeof options.status === 'string' ? [options.status] : options.status);
  const finished = new Set<JobStatus>(finishedStatuses);
  const settled = (status: JobStatus) => wanted.has(status) || finished.has(status);
  const controller = new AbortController();
  let lastStatus: JobStatus | undefined;
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw options.signal.reason;
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timeoutMs = options.timeoutMs;
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new WaitTimeoutError(jobId, timeoutMs, lastStatus)), timeoutMs);
  const read = async (after?: string | null): Promise<JobDetail | null> => {
    const job = await deps.getJob(jobId, { after, signal: controller.signal });
    if (job) lastStatus = job.status;
    return job && settled(job.status) ? job : null;
  };
  try {
    const resume = createStreamResume();
    let first = true;
    for (;;) {
      const found = await follow({ deps, jobId, resume, signal: controller.signal, settled, read, readFirst: first ? options.after ?? null : undefined })
        .catch((err: unknown) => {
          if (controller.signal.aborted) throw controller.signal.reason;
          if (err instanceof ConveyorProblemError && !retriedStatuses.has(err.status) && err.status !== 0) throw err;
          return undefined;
        });
      if (found) return found;
      if (found === null) first = false;
      await sleep(resume.failed(), controller.signal);
    }
  } catch (err) {
    // An abort from the timer carries its WaitTimeoutError; one from the caller, the caller's reason.
    throw controller.signal.aborted ? controller.signal.reason : err;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}

/**
 * One connection of the stream: opens it, reads the job once when `readFirst` is given (the first
 * connection, with the position to read after), then reads messages until one settles the job.
 * Resolves with the job, or null when the stream ended first (the caller reconnects); throws the problem
 * of a refused connection, or a network failure.
 */
async function follow(args: {
  deps: WaitForDeps;
  jobId: string;
  resume: StreamResume;
  signal: AbortSignal;
  settled: (status: JobStatus) => boolean;
  read: (after?: string | null) => Promise<JobDetail | null>;
  readFirst: string | null | undefined;
}): Promise<JobDetail | null> {
  const { deps, resume, signal } = args;
  const response = await deps.fetch(deps.streamUrl(args.jobId), { headers: { ...(await deps.authHeaders()), ...resume.headers() }, signal })
    .catch((err: unknown) => {
      if (signal.aborted) throw err;
      throw new ConveyorProblemError({ type: 'about:blank', title: 'Cannot reach the query API', status: 0, detail: String(err) });
    });
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '');
    throw new ConveyorProblemError(problemFrom(parseJson(text), response.status, response.statusText));
  }
  resume.opened();
  const reader = response.body.getReader();
  try {
    if (args.readFirst !== undefined) {
      const job = await args.read(args.readFirst);
      if (job) return job;
    }
    const messages: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: (m) => messages.push(m), onRetry: (ms) => resume.retry(ms) });
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      parser.feed(decoder.decode(value, { stream: true }));
      for (let m = messages.shift(); m; m = messages.shift()) {
        resume.seen(m);
        if (classifyMessage(m, args.jobId, args.settled) === 'check') {
          const job = await args.read();
          if (job) return job;
        }
      }
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Waits `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
