/** Types of the HTTP contract (docs/architecture.md), as the dashboard reads them. */

export type JobStatus = 'queued' | 'scheduled' | 'running' | 'retrying' | 'succeeded' | 'failed' | 'cancelled' | 'dead';
export type Priority = 'high' | 'normal' | 'low';

export const jobStatuses: readonly JobStatus[] = ['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'dead'];
export const finishedStatuses: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];

export interface JobError {
  message: string;
  code: string;
  retriable: boolean;
}

export interface Job {
  jobId: string;
  type: string;
  status: JobStatus;
  priority: Priority;
  payload: unknown;
  result: unknown;
  error: JobError | null;
  attempts: number;
  maxAttempts: number;
  timeoutMs: number | null;
  runAt: string | null;
  /** When a retrying or scheduled job runs next. */
  nextRunAt?: string | null;
  concurrencyKey: string | null;
  submittedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  durationMs: number | null;
  queueWaitMs: number | null;
  traceId: string | null;
  actor: string;
}

export interface TimelineEntry {
  eventId: string;
  eventType: string;
  occurredAt: string;
  attempt: number | null;
  data: unknown;
  partition: number;
  offset: string | number;
}

export type JobDetail = Job & { timeline: TimelineEntry[] };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One message of `GET /v1/stream` (`event: job`). */
export interface JobStreamEvent {
  jobId: string;
  type: string;
  status: JobStatus;
  eventType: string;
  attempts: number;
  occurredAt: string;
}

/** A JSON Schema, as far as the submit form understands it. */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

export interface JobType {
  type: string;
  description: string;
  sideEffects: boolean;
  payloadSchema: JsonSchema;
}

export interface JobOptions {
  priority?: Priority;
  maxAttempts?: number;
  timeoutMs?: number;
  runAt?: string;
  concurrencyKey?: string;
  backoff?: { kind: 'fixed' | 'exponential'; delayMs: number; maxDelayMs: number };
}

export interface SubmitJobRequest extends JobOptions {
  type: string;
  payload: unknown;
}

export interface SubmitJobResponse {
  jobId: string;
  status: 'accepted';
}

/** RFC 7807 problem details. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  traceId?: string;
  errors?: { path: string; message: string }[];
}
