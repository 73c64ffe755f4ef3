import { redactSecrets } from '@conveyor/job-types/secrets';

/** The statuses and causes of a dead letter (migration 008) (public). */
export const deadLetterStatuses = ['dead', 'requeued', 'discarded', 'quarantined'] as const;
export const deadLetterCauses = ['attempts_exhausted', 'non_retriable', 'poison_message', 'unknown_type'] as const;

/** A row of `dead_letters` as pg returns it (public). */
export interface DeadLettersTableRow {
  id: string;
  job_id: string | null;
  type: string | null;
  cause: string | null;
  error: { message: string; code: string; retriable: boolean } | null;
  attempts: number | null;
  origin_topic: string | null;
  origin_partition: number | null;
  origin_offset: string | null;
  payload: unknown;
  raw_value: string | null;
  status: (typeof deadLetterStatuses)[number];
  requeue_count: number;
  created_at: Date | null;
  last_action_at: Date | null;
  last_action_by: string | null;
}

/** A dead letter as the query API serves it (public). */
export interface DeadLetterItem {
  id: string;
  jobId: string | null;
  type: string | null;
  cause: string | null;
  error: DeadLettersTableRow['error'];
  attempts: number | null;
  origin: { topic: string | null; partition: number | null; offset: string | null };
  payload: unknown;
  /** The undecodable bytes of a poison message, base64. */
  rawValue: string | null;
  status: DeadLettersTableRow['status'];
  requeueCount: number;
  createdAt: string | null;
  /** Same as createdAt: the name the dashboard reads. */
  deadLetteredAt: string | null;
  lastActionAt: string | null;
  lastActionBy: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API shape of a `dead_letters` row (pure). For the query API. Sealed secrets read `"[redacted]"`. */
export function toDeadLetterItem(r: DeadLettersTableRow): DeadLetterItem {
  return {
    id: r.id, jobId: r.job_id, type: r.type, cause: r.cause, error: r.error, attempts: r.attempts,
    origin: { topic: r.origin_topic, partition: r.origin_partition, offset: r.origin_offset === null ? null : String(r.origin_offset) },
    payload: redactSecrets(r.payload), rawValue: r.raw_value, status: r.status, requeueCount: r.requeue_count,
    createdAt: iso(r.created_at), deadLetteredAt: iso(r.created_at), lastActionAt: iso(r.last_action_at), lastActionBy: r.last_action_by,
  };
}
