import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An Avro schema file of ours: the record's short name and its parsed JSON. */
export interface SchemaFile {
  name: string;
  schema: AvroRecordSchema;
}

export interface AvroRecordSchema {
  type: 'record';
  name: string;
  namespace?: string;
  doc?: string;
  fields: AvroField[];
}

export interface AvroField {
  name: string;
  type: AvroSchema;
  default?: unknown;
  doc?: string;
  /**
   * Our own attribute (Avro keeps attributes it does not define as metadata): the generated TypeScript field
   * is optional (`name?: T`), for a field added later with a default that code building the event may leave
   * out (the encoder writes the default, the decoder fills it in). Without it, every event literal written
   * before the field existed would have to change.
   */
  optionalInTypeScript?: boolean;
}

export type AvroSchema =
  | string
  | AvroSchema[]
  | AvroRecordSchema
  | { type: 'enum'; name: string; symbols: string[]; namespace?: string }
  | { type: 'array'; items: AvroSchema }
  | { type: 'map'; values: AvroSchema }
  | { type: string; logicalType?: string };

/** Folder of the job event schemas: the contract. */
export const jobSchemasDir = join(__dirname, '..', 'avro', 'jobs');

/** Folder of the schedule event schemas (conveyor.admin-events). */
export const scheduleSchemasDir = join(__dirname, '..', 'avro', 'schedules');

/** Folder of the dead-letter topic's record schemas (conveyor.job-dead-letters). */
/** Identity events (API keys, user roles), on conveyor.admin-events beside the schedule events. */
export const identitySchemasDir = join(__dirname, '..', 'avro', 'identity');
/** Job-type catalog events (registrations, worker heartbeats), on conveyor.admin-events too. */
export const catalogSchemasDir = join(__dirname, '..', 'avro', 'catalog');
export const deadLetterSchemasDir = join(__dirname, '..', 'avro', 'deadletters');

/** Webhook subscription events, on conveyor.admin-events beside the schedule and identity events. */
export const webhookSchemasDir = join(__dirname, '..', 'avro', 'webhooks');
/** Queue events (paused, resumed), on conveyor.admin-events keyed by queue name. */
export const queueSchemasDir = join(__dirname, '..', 'avro', 'queues');

/** Folder of the work-topic record schemas. */
export const workSchemasDir = join(__dirname, '..', 'avro', 'work');

/** Reads every `.avsc` file of a folder, sorted by name (public). */
export function loadSchemaFiles(dir: string = jobSchemasDir): SchemaFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.avsc'))
    .sort()
    .map((f) => {
      const schema = JSON.parse(readFileSync(join(dir, f), 'utf8')) as AvroRecordSchema;
      return { name: schema.name, schema };
    });
}
