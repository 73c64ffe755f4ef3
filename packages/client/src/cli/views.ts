import type { DeadLetter, Job, JobDetail, JobType, Page, Positioned, Queue, QueueState } from '../types';
import { renderFields, renderTable, type Column } from './renderTable';

/** The readable (not `--json`) renderings of the CLI's answers (pure). */

const jobColumns: Column<Job>[] = [
  { heading: 'job id', cell: (j) => j.jobId },
  { heading: 'type', cell: (j) => j.type },
  { heading: 'status', cell: (j) => j.status },
  { heading: 'priority', cell: (j) => j.priority },
  { heading: 'attempts', cell: (j) => `${j.attempts}/${j.maxAttempts}` },
  { heading: 'submitted', cell: (j) => j.submittedAt },
  { heading: 'error', cell: (j) => j.error?.message, max: 40 },
];

const deadLetterColumns: Column<DeadLetter>[] = [
  { heading: 'id', cell: (d) => d.id },
  { heading: 'job id', cell: (d) => d.jobId },
  { heading: 'type', cell: (d) => d.type },
  { heading: 'cause', cell: (d) => d.cause },
  { heading: 'status', cell: (d) => d.status },
  { heading: 'dead-lettered', cell: (d) => d.deadLetteredAt },
  { heading: 'error', cell: (d) => d.error?.message, max: 40 },
];

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

const nextPage = (page: Page<unknown>) => (page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : '');

export const jobsPage = (page: Page<Job>): string => renderTable(page.items, jobColumns) + nextPage(page);

export const deadLettersPage = (page: Page<DeadLetter>): string => renderTable(page.items, deadLetterColumns) + nextPage(page);

export const jobTypesTable = (types: readonly JobType[]): string => renderTable(types, [
  { heading: 'type', cell: (t) => t.type },
  { heading: 'side effects', cell: (t) => yesNo(t.sideEffects) },
  { heading: 'description', cell: (t) => t.description, max: 80 },
]);

/** Queues by name; `changed` is the last pause or resume, and who did it. */
export const queuesTable = (queues: readonly Queue[]): string => renderTable(queues, [
  { heading: 'queue', cell: (q) => q.queue },
  { heading: 'paused', cell: (q) => yesNo(q.paused) },
  { heading: 'waiting', cell: (q) => q.waiting },
  { heading: 'workers', cell: (q) => q.workers.length },
  { heading: 'finished last hour', cell: (q) => q.finishedLastHour },
  { heading: 'changed', cell: (q) => (q.changedAt ? `${q.changedAt} by ${q.changedBy ?? '?'}` : null) },
  { heading: 'types', cell: (q) => q.types.join(', '), max: 40 },
]);

/** The answer of a pause or a resume, with the position `queues list --after` takes. */
export const queueState = (state: Positioned<QueueState>): string =>
  `queue ${state.queue} ${state.paused ? 'paused' : 'resumed'}${state.position ? `\nposition: ${state.position}` : ''}`;

/** A job's fields, then its timeline. */
export function jobDetail(job: JobDetail): string {
  const fields = renderFields([
    ['job id', job.jobId], ['type', job.type], ['status', job.status], ['priority', job.priority],
    ['attempts', `${job.attempts}/${job.maxAttempts}`], ['concurrency key', job.concurrencyKey], ['run at', job.runAt],
    ['submitted', job.submittedAt], ['started', job.startedAt], ['finished', job.finishedAt], ['duration ms', job.durationMs],
    ['payload', job.payload], ['result', job.result], ['error', job.error ? `${job.error.code}: ${job.error.message}` : null],
  ]);
  const timeline = renderTable(job.timeline, [
    { heading: 'at', cell: (e) => e.occurredAt },
    { heading: 'event', cell: (e) => e.eventType },
    { heading: 'attempt', cell: (e) => e.attempt },
  ]);
  return `${fields}\n\ntimeline:\n${timeline}`;
}
