import type { EventSourceMessage } from 'eventsource-parser';
import type { JobChange, JobStatus } from './types';

/** Delays between stream reconnects, in milliseconds: doubled per failure from the first, capped (public). */
export const reconnectDefaults = { initialDelayMs: 500, maxDelayMs: 15_000 } as const;

/**
 * The resume state of one followed `GET /v1/stream` (pure): the last event id seen, sent back as
 * `Last-Event-ID` so the server replays what a dropped connection missed, and the delay before the next
 * connection — the server's `retry:` first, doubled per failure up to `maxDelayMs`, reset once a connection opens.
 */
export function createStreamResume(options: { initialDelayMs?: number; maxDelayMs?: number } = {}) {
  const maxDelayMs = options.maxDelayMs ?? reconnectDefaults.maxDelayMs;
  let firstDelayMs = options.initialDelayMs ?? reconnectDefaults.initialDelayMs;
  let lastEventId: string | undefined;
  let failures = 0;
  return {
    /** The id of the last event seen, if any. */
    get lastEventId(): string | undefined {
      return lastEventId;
    },
    /** The headers of the next connection: `Last-Event-ID` once an event was seen. */
    headers(): Record<string, string> {
      return { accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) };
    },
    /** A connection opened (answered 200): the next failure waits the first delay again. */
    opened(): void {
      failures = 0;
    },
    /** Records a message's id (frames without one, such as `event: reset`, keep the last). */
    seen(message: Pick<EventSourceMessage, 'id'>): void {
      if (message.id) lastEventId = message.id;
    },
    /** The server's `retry:` field, in milliseconds: the first delay from now on. */
    retry(ms: number): void {
      if (Number.isFinite(ms) && ms >= 0) firstDelayMs = ms;
    },
    /** A connection failed or ended: how long to wait before the next one, in milliseconds. */
    failed(): number {
      failures += 1;
      return Math.min(maxDelayMs, firstDelayMs * 2 ** Math.min(failures - 1, 16));
    },
  };
}

export type StreamResume = ReturnType<typeof createStreamResume>;

/**
 * What a waiter does with one stream message (pure): `check` reads the job again — a change of the job into
 * a status it waits for, or `event: reset` (the server lost what this client missed) — else `ignore`.
 */
export function classifyMessage(message: EventSourceMessage, jobId: string, settled: (status: JobStatus) => boolean): 'check' | 'ignore' {
  if (message.event === 'reset') return 'check';
  if (message.event !== 'job') return 'ignore';
  let change: Partial<JobChange>;
  try {
    change = JSON.parse(message.data) as Partial<JobChange>;
  } catch {
    return 'ignore';
  }
  return change.jobId?.toLowerCase() === jobId.toLowerCase() && change.status !== undefined && settled(change.status) ? 'check' : 'ignore';
}
