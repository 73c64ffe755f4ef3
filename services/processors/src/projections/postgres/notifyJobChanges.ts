import type { JobChange } from '../foldBatch';
import type { WritePart } from './batchWrites';

/** The channel the query API listens on for its SSE stream (public). */
export const jobChangesChannel = 'conveyor_job_changes';

/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const maxPayloadBytes = 7999;

/** The payloads sent, one per changed job (the query API parses each as one JobChange), and how many were too large (pure). */
export function jobChangePayloads(changes: readonly JobChange[]): { payloads: string[]; dropped: number } {
  const payloads = changes.map((c) => JSON.stringify(c)).filter((p) => Buffer.byteLength(p) <= maxPayloadBytes);
  return { payloads, dropped: changes.length - payloads.length };
}

/**
 * The write that queues one notification per payload (a part of a batch's one write statement, so the
 * notifications cost no round trip of their own); Postgres delivers them at commit, so listeners never
 * hear of a change they cannot read yet. Null when there is nothing to send.
 */
export function notifyJobChangesPart(payloads: readonly string[]): WritePart | null {
  if (!payloads.length) return null;
  return { name: 'jobs_notified', sql: (param) => `select pg_notify(${param(jobChangesChannel)}, p) from unnest(${param(payloads)}::text[]) as p` };
}
