/**
 * Names for the HTTP contract's types, as the dashboard reads them. Every shape comes from the services'
 * OpenAPI documents through `@conveyor/client` (its `src/generated`, `npm run gen:api`); only the constants a
 * page iterates over and the JSON Schema subset the submit form understands are written here.
 */
import { finishedStatuses as clientFinishedStatuses } from '@conveyor/client';
import type { CommandSchemas, Job, JobChange, JobStatus, JobSubmission } from '@conveyor/client';

export { jobStatuses } from '@conveyor/client';
export type {
  CommandSchemas, DeadLetter, DeadLetterCause, DeadLetterStatus, Job, JobDetail, JobStatus, Page, Positioned, Priority, Problem, QuerySchemas, TimelineEntry,
} from '@conveyor/client';

export type JobError = NonNullable<Job['error']>;

/** One message of `GET /v1/stream` (`event: job`). */
export type JobStreamEvent = JobChange;

export type SubmitJobRequest = JobSubmission;
export type JobOptions = Omit<SubmitJobRequest, 'type' | 'payload'>;
export type SubmitJobResponse = CommandSchemas['Accepted'];

/** A job type of `GET /v1/job-types`; its payload schema read as the form's JSON Schema subset. */
export type JobType = Omit<CommandSchemas['JobTypeCatalog']['items'][number], 'payloadSchema'> & { payloadSchema: JsonSchema };

export const finishedStatuses: readonly JobStatus[] = clientFinishedStatuses;

/** A JSON Schema, as far as the submit form understands it (the payload schemas are free-form in the contract). */
export interface JsonSchema {
  type?: string | string[];
  title?: string;
  description?: string;
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}
