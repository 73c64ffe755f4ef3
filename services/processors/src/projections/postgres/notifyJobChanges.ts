import type { PoolClient } from '@conveyor/runtime';
import type { JobChange } from '../foldBatch';

/** The channel the query API listens on for its SSE stream (public). */
export const jobChangesChannel = 'conveyor_job_changes';

/** Postgres refuses NOTIFY payloads of 8000 bytes or more. */
const maxPayloadBytes = 7999;

/**
 * Queues one notification per changed job, in one statement; Postgres delivers them at commit, so
 * listeners never hear of a change they cannot read yet. Returns how many were too large to send.
 */
export async function notifyJobChanges(client: PoolClient, changes: readonly JobChange[]): Promise<number> {
  const payloads = changes.map((c) => JSON.stringify(c)).filter((p) => Buffer.byteLength(p) <= maxPayloadBytes);
  if (payloads.length) {
    await client.query('select pg_notify($1, p) from unnest($2::text[]) as p', [jobChangesChannel, payloads]);
  }
  return changes.length - payloads.length;
}
