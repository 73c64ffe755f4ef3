import { decideJobTypeRegistration, type JsonSchema } from '@conveyor/domain/catalog';
import { catalogEventNames, type CatalogEvent, type JobTypeRegistered, type WorkerSeen } from '@conveyor/events';
import { toJobTypeVersion, type JobTypesTableRow } from '@conveyor/read-model';
import type { PoolClient } from '@conveyor/runtime';
import type { Projection } from '../projections/projection';
import type { AdminLogBatch } from '../projections/startAdminLogProjector';

/** A partition batch of catalog events as the job_types projection sees it. */
export type CatalogBatch = AdminLogBatch<CatalogEvent>;

/**
 * Applies a registration: decided again here (the announcer decided before publishing, but another worker may
 * have registered a version in between), so the catalog never holds a version that is not backward compatible
 * with the one before; a refusal is recorded in `job_type_refusals`. Idempotent: a redelivered event is `unchanged`.
 */
async function applyRegistration(tx: PoolClient, topic: string, d: JobTypeRegistered): Promise<void> {
  const at = new Date(d.meta.occurredAt);
  const payloadSchema = JSON.parse(d.payloadSchemaJson) as JsonSchema;
  // Lock the type's versions: registrations of one type share a partition (keyed by type), but rebuilds and
  // as-of copies may run beside the live projector.
  const { rows } = await tx.query<Pick<JobTypesTableRow, 'type' | 'version' | 'queue' | 'payload_schema'>>(
    'select type, version, queue, payload_schema from job_types where admin_topic = $1 and type = $2 for update', [topic, d.type],
  );
  const decision = decideJobTypeRegistration({ type: d.type, version: d.version, queue: d.queue, payloadSchema }, rows.map(toJobTypeVersion));
  switch (decision.outcome) {
    case 'refused':
      await tx.query(
        `insert into job_type_refusals (event_id, admin_topic, type, version, worker_id, reason, occurred_at) values ($1, $2, $3, $4, $5, $6, $7)
         on conflict (event_id) do nothing`,
        [d.meta.eventId, topic, d.type, d.version, d.workerId, decision.reason, at],
      );
      return;
    case 'unchanged':
      await tx.query(
        `update job_types set last_registered_at = greatest(last_registered_at, $4), description = $5, side_effects = $6, defaults = $7
         where admin_topic = $1 and type = $2 and version = $3`,
        [topic, d.type, d.version, at, d.description, d.sideEffects, d.defaultsJson],
      );
      return;
    case 'registered':
      await tx.query(
        `insert into job_types (admin_topic, type, version, queue, description, side_effects, defaults, payload_schema, first_registered_at, last_registered_at, registered_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) on conflict (admin_topic, type, version) do nothing`,
        [topic, d.type, d.version, d.queue, d.description, d.sideEffects, d.defaultsJson, d.payloadSchemaJson, at, d.workerId],
      );
      return;
    default: {
      const never: never = decision;
      throw new Error(`unhandled decision ${JSON.stringify(never)}`);
    }
  }
}

/** Applies a heartbeat: the worker's host, queues and types, and the latest time it was seen. */
async function applyWorkerSeen(tx: PoolClient, topic: string, d: WorkerSeen): Promise<void> {
  const at = new Date(d.meta.occurredAt);
  await tx.query(
    `insert into job_type_workers (admin_topic, worker_id, host, queues, types, first_seen_at, last_seen_at) values ($1, $2, $3, $4, $5, $6, $6)
     on conflict (admin_topic, worker_id) do update set
       host = case when excluded.last_seen_at >= job_type_workers.last_seen_at then excluded.host else job_type_workers.host end,
       queues = case when excluded.last_seen_at >= job_type_workers.last_seen_at then excluded.queues else job_type_workers.queues end,
       types = case when excluded.last_seen_at >= job_type_workers.last_seen_at then excluded.types else job_type_workers.types end,
       first_seen_at = least(job_type_workers.first_seen_at, excluded.first_seen_at),
       last_seen_at = greatest(job_type_workers.last_seen_at, excluded.last_seen_at)`,
    [topic, d.workerId, d.host, d.queues, d.types, at],
  );
}

/**
 * `job_types`, `job_type_workers` and `job_type_refusals` (migration 050), from the catalog events of
 * admin-events (public). Registrations and heartbeats are facts of the log, so the catalog rebuilds from it:
 * drop its rows and its offsets (projection `job_types`) and the projector applies the log again.
 */
export const jobTypesReadModel: Projection<CatalogBatch> = {
  name: 'job_types',
  topics: ['adminEvents'],
  tables: [
    { table: 'job_types', key: "type || '/' || version" }, { table: 'job_type_workers', key: 'worker_id' }, { table: 'job_type_refusals', key: 'event_id::text' },
  ],
  dependsOn: [],
  handles: (eventType) => (catalogEventNames as readonly string[]).includes(eventType),
  async apply(tx, batch) {
    for (const { event } of batch.events) {
      if (event.type === 'JobTypeRegistered') await applyRegistration(tx, batch.at.topic, event.data);
      else await applyWorkerSeen(tx, batch.at.topic, event.data);
    }
    batch.changed = batch.events.length;
  },
};
