import type { PoolClient } from '@conveyor/runtime';
import type { DeadLetterChange } from '../deadLetterProjection';

const parseJson = (s: string | null): string | null => {
  if (s === null) return null;
  try {
    JSON.parse(s);
    return s;
  } catch {
    return JSON.stringify(s); // not JSON: kept as a JSON string
  }
};

/**
 * Applies changes to `dead_letters` in order, inside the caller's transaction (migration 008). A letter
 * fills the content columns and keeps the status; a discard or a requeue sets the status (a discarded
 * letter stays discarded; a requeue counts the highest redrive count seen). Every statement is an upsert.
 */
export async function applyDeadLetterChanges(client: PoolClient, changes: readonly DeadLetterChange[]): Promise<void> {
  for (const c of changes) {
    switch (c.kind) {
      case 'letter': {
        const l = c.letter;
        await client.query(
          `insert into dead_letters (id, job_id, type, cause, error, attempts, origin_topic, origin_partition, origin_offset, payload, raw_value, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, to_timestamp($12 / 1000.0))
           on conflict (id) do update set job_id = excluded.job_id, type = excluded.type, cause = excluded.cause, error = excluded.error,
             attempts = excluded.attempts, origin_topic = excluded.origin_topic, origin_partition = excluded.origin_partition,
             origin_offset = excluded.origin_offset, payload = excluded.payload, raw_value = excluded.raw_value, created_at = excluded.created_at`,
          [l.deadLetterId, l.jobId, l.type, l.cause, JSON.stringify(l.error), l.attempts, l.originTopic, l.originPartition, l.originOffset,
            parseJson(l.payloadJson), l.rawValueBase64, l.occurredAt]);
        break;
      }
      case 'discarded':
        await client.query(
          `insert into dead_letters (id, job_id, status, last_action_at, last_action_by) values ($1, $2, 'discarded', to_timestamp($3 / 1000.0), $4)
           on conflict (id) do update set status = 'discarded', last_action_at = excluded.last_action_at, last_action_by = excluded.last_action_by`,
          [c.deadLetterId, c.jobId, c.at, c.by]);
        break;
      case 'requeued':
        await client.query(
          `insert into dead_letters (id, job_id, status, requeue_count, last_action_at, last_action_by)
           values ($1, $2, 'requeued', $3, to_timestamp($4 / 1000.0), $5)
           on conflict (id) do update set
             status = case when dead_letters.status = 'discarded' then 'discarded' else 'requeued' end,
             requeue_count = greatest(dead_letters.requeue_count, excluded.requeue_count),
             last_action_at = excluded.last_action_at, last_action_by = excluded.last_action_by`,
          [c.deadLetterId, c.jobId, c.redriveCount, c.at, c.by]);
        break;
      default: {
        const _exhaustive: never = c;
        throw new Error(`unknown change ${String(_exhaustive)}`);
      }
    }
  }
}
