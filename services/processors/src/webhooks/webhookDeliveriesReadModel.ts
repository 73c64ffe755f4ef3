import { jobEventNames, type JobEvent } from '@conveyor/events';
import { webhookDeliverJobType } from '@conveyor/domain/webhooks';
import type { WebhookDeliveryRow } from '@conveyor/read-model';
import type { PartitionKey } from '../projections/postgres/projectionOffsets';
import type { Projection } from '../projections/projection';

/** A partition batch of job events as the deliveries projection sees it. */
export interface WebhookDeliveryBatch {
  at: PartitionKey;
  events: ReadonlyArray<{ event: JobEvent; offset: string }>;
}

/** The HTTP status an attempt's error names (`HTTP_500`), if any. */
const statusOf = (code: string): number | null => (/^HTTP_\d{3}$/.test(code) ? Number(code.slice(5)) : null);

const resultStatus = (resultJson: string | null): number | null => {
  try {
    const status = (JSON.parse(resultJson ?? 'null') as { status?: unknown } | null)?.status;
    return typeof status === 'number' ? status : null;
  } catch {
    return null;
  }
};

/**
 * The delivery row after one job event (pure, public): a `webhook.deliver` JobSubmitted starts it, the
 * job's later events move its status, attempts, last HTTP status and error; events of other jobs (no
 * row) change nothing.
 */
export function evolveDelivery(row: WebhookDeliveryRow | null, event: JobEvent): WebhookDeliveryRow | null {
  const at = new Date(event.data.meta.occurredAt);
  if (event.type === 'JobSubmitted') {
    if (row || event.data.type !== webhookDeliverJobType) return row;
    const payload = JSON.parse(event.data.payloadJson) as { subscriptionId: string; messageId: string; event: { type: string } };
    return {
      job_id: event.data.meta.jobId, subscription_id: payload.subscriptionId, event_type: payload.event.type, message_id: payload.messageId,
      status: 'pending', attempts: 0, last_response_status: null, last_error: null, created_at: at, updated_at: at,
    };
  }
  if (!row) return null;
  const next = { ...row, updated_at: at };
  switch (event.type) {
    case 'JobStarted':
      return { ...next, status: 'running', attempts: Math.max(row.attempts, event.data.attempt) };
    case 'JobSucceeded':
      return { ...next, status: 'succeeded', attempts: event.data.attempt, last_response_status: resultStatus(event.data.resultJson), last_error: null };
    case 'JobRetryScheduled':
      return { ...next, status: 'retrying', attempts: event.data.attempt, last_response_status: statusOf(event.data.error.code), last_error: event.data.error.message };
    case 'JobFailed':
      return { ...next, status: 'failed', attempts: event.data.attempt, last_response_status: statusOf(event.data.error.code), last_error: event.data.error.message };
    case 'JobDeadLettered':
      return { ...next, status: 'dead_lettered' };
    case 'JobCancelled':
      return { ...next, status: 'cancelled' };
    case 'JobRequeued':
      return { ...next, status: 'pending' };
    case 'JobProgressed':
    case 'JobLogged':
      // A delivery reports neither; should one, the delivery's state is unchanged.
      return row;
    default: {
      const never: never = event;
      return never;
    }
  }
}

const columns = ['job_id', 'subscription_id', 'event_type', 'message_id', 'status', 'attempts', 'last_response_status', 'last_error', 'created_at', 'updated_at'] as const;

/**
 * `webhook_deliveries` (migration 060), from the events of `webhook.deliver` jobs on job-events (public):
 * the delivery history per subscription. The batch's rows are locked, folded in log order, and written once.
 */
export const webhookDeliveriesReadModel: Projection<WebhookDeliveryBatch> = {
  name: 'webhook_deliveries',
  topics: ['jobEvents'],
  tables: [{ table: 'webhook_deliveries', key: 'job_id::text' }],
  dependsOn: [],
  handles: (eventType) => (jobEventNames as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    const ids = [...new Set(batch.events.map(({ event }) => event.data.meta.jobId))];
    const { rows } = await tx.query<WebhookDeliveryRow>(`select ${columns.join(', ')} from webhook_deliveries where job_id = any($1::uuid[]) for update`, [ids]);
    const byJob = new Map(rows.map((r) => [r.job_id, r]));
    const changed = new Map<string, WebhookDeliveryRow>();
    for (const { event } of batch.events) {
      const before = byJob.get(event.data.meta.jobId) ?? null;
      const after = evolveDelivery(before, event);
      if (after && after !== before) {
        byJob.set(after.job_id, after);
        changed.set(after.job_id, after);
      }
    }
    if (!changed.size) return;
    const list = [...changed.values()];
    await tx.query(
      `insert into webhook_deliveries (${columns.join(', ')})
       select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::text[], $9::timestamptz[], $10::timestamptz[])
       on conflict (job_id) do update set status = excluded.status, attempts = excluded.attempts, last_response_status = excluded.last_response_status,
         last_error = excluded.last_error, updated_at = excluded.updated_at`,
      columns.map((c) => list.map((r) => r[c])),
    );
  },
};
