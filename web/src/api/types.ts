/**
 * Names for the HTTP contract's types, as the dashboard reads them. Every shape comes from the services'
 * OpenAPI documents (web/src/api/generated, `npm run gen:api`); only the constants a page iterates over and
 * the JSON Schema subset the submit form understands are written here.
 */
import type { components as CommandComponents } from './generated/commandApi';
import type { components as QueryComponents } from './generated/queryApi';

/** The command API's schemas (request bodies and answers). */
export type CommandSchemas = CommandComponents['schemas'];
/** The query API's schemas (read models). */
export type QuerySchemas = QueryComponents['schemas'];

export type Job = QuerySchemas['Job'];
export type JobStatus = Job['status'];
export type Priority = Job['priority'];
export type JobError = NonNullable<Job['error']>;
export type TimelineEntry = QuerySchemas['TimelineEntry'];
export type JobDetail = Job & { timeline: TimelineEntry[] };

/** One message of `GET /v1/stream` (`event: job`). */
export type JobStreamEvent = QuerySchemas['JobChange'];

/** A keyset-paginated page (pass `nextCursor` back as `cursor`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SubmitJobRequest = CommandSchemas['JobSubmission'];
export type JobOptions = Omit<SubmitJobRequest, 'type' | 'payload'>;
export type SubmitJobResponse = CommandSchemas['Accepted'];

/** A job type of `GET /v1/job-types`; its payload schema read as the form's JSON Schema subset. */
export type JobType = Omit<CommandSchemas['JobTypeCatalog']['items'][number], 'payloadSchema'> & { payloadSchema: JsonSchema };

/** RFC 7807 problem details; the dashboard makes some of its own (network failures) without a `code`. */
export type Problem = Omit<QuerySchemas['Problem'], 'code'> & { code?: QuerySchemas['Problem']['code'] };

export const jobStatuses = ['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'dead'] as const satisfies readonly JobStatus[];
export const finishedStatuses: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];

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
