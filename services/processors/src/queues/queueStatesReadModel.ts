import { queueEventNames, type QueueEvent } from '@conveyor/events';
import type { QueueStatesTableRow } from '@conveyor/read-model';
import type { PoolClient } from '@conveyor/runtime';
import type { Projection } from '../projections/projection';
import type { AdminLogBatch } from '../projections/startAdminLogProjector';

/** A partition batch of queue events as the queue-states projection sees it. */
export type QueueStateBatch = AdminLogBatch<QueueEvent>;

/**
 * A queue's state after one of its events (pure, public): paused after QueuePaused, running after QueueResumed,
 * with when and by whom. The log's order decides (a queue's events share a partition, keyed by its name), so the
 * later event wins even when a clock put an earlier `occurredAt` on it.
 */
export function evolveQueueState(row: QueueStatesTableRow | null, adminTopic: string, event: QueueEvent): QueueStatesTableRow {
  const { meta } = event.data;
  const base = { admin_topic: row?.admin_topic ?? adminTopic, queue: meta.queue, changed_at: new Date(meta.occurredAt), changed_by: meta.actor };
  switch (event.type) {
    case 'QueuePaused':
      return { ...base, paused: true };
    case 'QueueResumed':
      return { ...base, paused: false };
    default: {
      const never: never = event;
      throw new Error(`unhandled queue event ${JSON.stringify(never)}`);
    }
  }
}

async function applyEvent(tx: PoolClient, topic: string, event: QueueEvent): Promise<void> {
  const found = await tx.query<QueueStatesTableRow>('select * from queue_states where admin_topic = $1 and queue = $2 for update', [topic, event.data.meta.queue]);
  const row = evolveQueueState(found.rows[0] ?? null, topic, event);
  await tx.query(
    `insert into queue_states (admin_topic, queue, paused, changed_at, changed_by) values ($1, $2, $3, $4, $5)
     on conflict (admin_topic, queue) do update set paused = excluded.paused, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
    [row.admin_topic, row.queue, row.paused, row.changed_at, row.changed_by],
  );
}

/**
 * `queue_states` (migration 080), from QueuePaused and QueueResumed on admin-events (public): what the dashboard
 * and GET /v1/queues show; the workers obey the events themselves (their queue watch), not this table.
 * The events are facts of the log, so the table rebuilds from it (projection `queue_states`).
 */
export const queueStatesReadModel: Projection<QueueStateBatch> = {
  name: 'queue_states',
  topics: ['adminEvents'],
  tables: [{ table: 'queue_states', key: 'queue' }],
  dependsOn: [],
  handles: (eventType) => (queueEventNames as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    for (const { event } of batch.events) await applyEvent(tx, batch.at.topic, event);
    batch.changed = batch.events.length;
  },
};
