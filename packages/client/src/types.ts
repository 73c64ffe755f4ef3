/**
 * Names for the HTTP contract's types. Every shape comes from the services' OpenAPI documents
 * (`src/generated`, written by `npm run gen:api`); nothing here is retyped by hand.
 */
import type { components as CommandComponents, paths as CommandPaths, operations as CommandOperations } from './generated/commandApi';
import type { components as QueryComponents, paths as QueryPaths, operations as QueryOperations } from './generated/queryApi';

export type { CommandPaths, QueryPaths, CommandOperations, QueryOperations };

/** The command API's schemas (request bodies and answers). */
export type CommandSchemas = CommandComponents['schemas'];
/** The query API's schemas (read models). */
export type QuerySchemas = QueryComponents['schemas'];

export type Job = QuerySchemas['Job'];
export type JobStatus = Job['status'];
export type Priority = Job['priority'];
export type TimelineEntry = QuerySchemas['TimelineEntry'];
/** A job with its timeline (`GET /v1/jobs/{id}`). */
export type JobDetail = Job & { timeline: TimelineEntry[] };
/** One message of `GET /v1/stream` (`event: job`). */
export type JobChange = QuerySchemas['JobChange'];

/** The body of `POST /v1/jobs`. */
export type JobSubmission = CommandSchemas['JobSubmission'];
export type Accepted = CommandSchemas['Accepted'];
export type BatchAccepted = CommandSchemas['BatchAccepted'];
export type CancelAccepted = CommandSchemas['CancelAccepted'];
/** A job type of `GET /v1/job-types`, with its payload's JSON Schema. */
export type JobType = CommandSchemas['JobTypeCatalog']['items'][number];

/** A dead letter: a job's final failure, or a poison message (no job, raw bytes). */
export type DeadLetter = QuerySchemas['DeadLetter'];
export type DeadLetterCause = NonNullable<DeadLetter['cause']>;
export type DeadLetterStatus = DeadLetter['status'];
/** The body of `POST /v1/dead-letters/requeue` (requeue by filter). */
export type RequeueMatchingRequest = NonNullable<CommandOperations['requeueDeadLetters']['requestBody']>['content']['application/json'];

/** A queue of `GET /v1/queues`: paused or not, its workers, types, waiting jobs and throughput. */
export type Queue = QuerySchemas['Queue'];
/** A queue's state after a pause or a resume (`POST /v1/queues/{queue}/pause`, `/resume`). */
export type QueueState = CommandSchemas['QueueState'];

/** Sort orders of `GET /v1/jobs`. */
export type JobSort = NonNullable<NonNullable<QueryOperations['listJobs']['parameters']['query']>['sort']>;

/** A keyset-paginated page: pass `nextCursor` back as `cursor` for the next one (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A command's answer with the log position of its events (`Conveyor-Position`; null when nothing was
 * published). Passed as `after` to a read, it makes the query API answer once that read shows the command.
 */
export type Positioned<T> = T & { position: string | null };

/** RFC 7807 problem details as the APIs answer them; the client makes some of its own (network failures, status 0) without a `code`. */
export type Problem = Omit<QuerySchemas['Problem'], 'code'> & { code?: QuerySchemas['Problem']['code'] };

/** One failing field of a problem: a JSON pointer into the body (or the query parameter) and why. */
export type FieldError = NonNullable<Problem['errors']>[number];

export const jobStatuses = ['queued', 'scheduled', 'running', 'retrying', 'succeeded', 'failed', 'cancelled', 'dead'] as const satisfies readonly JobStatus[];
/** The statuses a job ends in (a `failed` job becomes `dead` moments later, when it is dead-lettered). */
export const finishedStatuses: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled', 'dead'];
