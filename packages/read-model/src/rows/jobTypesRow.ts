import type { JobTypeVersion, JsonSchema } from '@conveyor/domain/catalog';

/** A row of `job_types` (migration 050) as pg returns it: one registered version of a job type (public). */
export interface JobTypesTableRow {
  admin_topic: string;
  type: string;
  version: number;
  queue: string;
  description: string;
  side_effects: boolean;
  defaults: JobTypeDefaults;
  payload_schema: JsonSchema;
  first_registered_at: Date;
  last_registered_at: Date;
  registered_by: string;
}

/** A row of `job_type_workers` (migration 050): a worker and what it serves (public). */
export interface JobTypeWorkersTableRow {
  admin_topic: string;
  worker_id: string;
  host: string;
  queues: string[];
  types: string[];
  first_seen_at: Date;
  last_seen_at: Date;
}

/** A job type's defaults, as its definition declares them (public). */
export interface JobTypeDefaults {
  timeoutMs?: number;
  maxAttempts?: number;
  concurrency?: number;
}

/** A registered version as the API answers it (public). */
export interface JobTypeVersionItem {
  version: number;
  queue: string;
  description: string;
  sideEffects: boolean;
  defaults: JobTypeDefaults;
  payloadSchema: JsonSchema;
  firstRegisteredAt: string;
  lastRegisteredAt: string;
}

/** A worker serving a type, as the API answers it (public). */
export interface JobTypeWorkerItem {
  workerId: string;
  host: string;
  queues: string[];
  lastSeenAt: string;
}

/** The domain's view of a row: what decideJobTypeRegistration compares (pure, public). */
export function toJobTypeVersion(row: Pick<JobTypesTableRow, 'type' | 'version' | 'queue' | 'payload_schema'>): JobTypeVersion {
  return { type: row.type, version: row.version, queue: row.queue, payloadSchema: row.payload_schema };
}

/** The API's view of a row (pure, public). */
export function toJobTypeVersionItem(row: JobTypesTableRow): JobTypeVersionItem {
  return {
    version: row.version, queue: row.queue, description: row.description, sideEffects: row.side_effects, defaults: row.defaults,
    payloadSchema: row.payload_schema, firstRegisteredAt: row.first_registered_at.toISOString(), lastRegisteredAt: row.last_registered_at.toISOString(),
  };
}

/** The API's view of a worker row (pure, public). */
export function toJobTypeWorkerItem(row: JobTypeWorkersTableRow): JobTypeWorkerItem {
  return { workerId: row.worker_id, host: row.host, queues: row.queues, lastSeenAt: row.last_seen_at.toISOString() };
}
