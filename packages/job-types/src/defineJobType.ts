import type { z } from 'zod';
import type { SecretFields } from './secrets/secretFields';

/** What a handler may use besides its payload: injected ports, never imported I/O (docs/engineering.md). */
export interface HandlerPorts {
  /** HTTP client; in the processors, a fetch that connects only where the egress policy allows (EGRESS_* settings). */
  fetch: typeof fetch;
  /** Read-only SQL against the read model, for data jobs. */
  queryReadModel: <R extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
  /** Waits `ms` milliseconds or rejects when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The level of a handler's log line. */
export type JobLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A handler's log: `log(message, fields?)` at info, or `log(level, message, fields?)`. */
export interface HandlerLog {
  (message: string, fields?: Record<string, unknown>): void;
  (level: JobLogLevel, message: string, fields?: Record<string, unknown>): void;
}

/** The context of one attempt. */
export interface HandlerContext {
  jobId: string;
  attempt: number;
  /** Aborted on timeout (`timeoutMs`) or cancellation: handlers must stop and throw. */
  signal: AbortSignal;
  /** True when the job is re-run by a replay; handlers with side effects must not repeat them. */
  replay: boolean;
  ports: HandlerPorts;
  /**
   * Logs a line to the worker's log and to the job's timeline (a JobLogged event; rate-limited per attempt,
   * lines over the limit counted in one last warning).
   */
  log: HandlerLog;
  /**
   * Reports how far the attempt got, `fraction` from 0 to 1 (a JobProgressed event in the job's timeline
   * and live stream; coalesced to at most one per second, the last report kept).
   */
  progress: (fraction: number, message?: string) => void;
}

/**
 * A job type: its name, its payload schema and its handler in one definition (a plugin).
 * The command API validates payloads with `payload`; the executor runs `run`.
 */
export interface JobTypeDefinition<P = unknown, R = unknown> {
  type: string;
  description: string;
  /** True when running the job affects the outside world (HTTP calls, e-mails…). */
  sideEffects: boolean;
  /**
   * The queue whose workers run the job (default `default`): its work goes only to that queue's work
   * topics, so only workers serving the queue receive it. Letters, digits, `-` and `_`.
   */
  queue?: string;
  payload: z.ZodType<P>;
  /** Defaults applied when the submission does not say. */
  defaults?: {
    timeoutMs?: number;
    maxAttempts?: number;
    /** At most this many attempts of the type running at once per executor process (config TYPE_CONCURRENCY overrides it). */
    concurrency?: number;
  };
  /**
   * Where the payload holds secrets (JSON pointers, header names): sealed by the command API before
   * the job is published, opened by the executor right before `run`, `"[redacted]"` on every read path.
   */
  secretFields?: SecretFields;
  run: (payload: P, ctx: HandlerContext) => Promise<R>;
}

/** Declares a job type with its types inferred from the payload schema. */
export function defineJobType<S extends z.ZodType, R>(def: Omit<JobTypeDefinition<z.infer<S>, R>, 'payload'> & { payload: S }): JobTypeDefinition<z.infer<S>, R> {
  return def as JobTypeDefinition<z.infer<S>, R>;
}
