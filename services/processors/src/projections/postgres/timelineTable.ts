import { prepared, type PoolClient } from '@conveyor/runtime';
import type { TimelineRow } from '@conveyor/read-model';

const insertSql = `
  insert into job_events (event_id, job_id, event_type, occurred_at, attempt, data, topic, partition, "offset", trace_id)
  select event_id, job_id, event_type, occurred_at, attempt, data, topic, partition, "offset", trace_id
  from jsonb_to_recordset($1::jsonb) as r(event_id uuid, job_id uuid, event_type text, occurred_at timestamptz,
    attempt int, data jsonb, topic text, partition int, "offset" bigint, trace_id text)
  on conflict (event_id) do nothing
  returning event_id`;

/**
 * Inserts timeline rows in one statement; an event already present (same event id) is left alone.
 * Returns the ids of the events inserted now: the ones the other projections have not seen yet.
 */
export async function insertTimeline(client: PoolClient, rows: readonly TimelineRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const json = rows.map((r) => ({
    event_id: r.eventId, job_id: r.jobId, event_type: r.eventType, occurred_at: new Date(r.occurredAt).toISOString(),
    attempt: r.attempt, data: r.data, topic: r.topic, partition: r.partition, offset: r.offset, trace_id: r.traceId,
  }));
  const { rows: inserted } = await client.query<{ event_id: string }>(prepared(insertSql, [JSON.stringify(json)]));
  return new Set(inserted.map((r) => r.event_id));
}
