import { randomUUID } from 'node:crypto';
import { cancelJob, submitJob, type CommandMeta, type SubmitJob } from '@conveyor/domain';
import { ForbiddenError, ValidationError } from '@conveyor/errors';
import { sealPayload, type SecretBox } from '@conveyor/job-types/secrets';
import { injectTraceContext } from '@conveyor/runtime';
import type { Idempotency } from './idempotency';
import { requestHash } from './idempotency';
import type { LogPosition } from '@conveyor/read-model';
import type { OwnWrites } from '../positions/createOwnWrites';
import type { JobEventPublisher } from './jobEventPublisher';
import type { JobStateStore } from './jobStateStore';
import { parseCancellation } from './parseCancellation';
import { parseBatch, parseSubmission, type JobSubmission } from './parseSubmission';
import { namedJobTypes, type SubmissionJobTypes } from './submissionJobTypes';

/** Who asks, and under which Idempotency-Key: read from the request by the routes. */
export interface RequestMeta {
  actor: string;
  idempotencyKey: string | null;
  /** An operator cancels any job; a submitter only those it submitted (403 otherwise). */
  mayCancelAny?: boolean;
}

export interface JobServiceOptions {
  jobTypes: SubmissionJobTypes;
  /** Seals the secret fields of each payload (its type's `secretFields`) before anything is published. */
  secrets: SecretBox;
  events: Pick<JobEventPublisher, 'publish'>;
  jobStates: JobStateStore;
  idempotency: Pick<Idempotency, 'once'>;
  /** The injected clock, in milliseconds since the epoch. */
  now: () => number;
  /** Id generator for job and event ids. */
  newId?: () => string;
  /** Read your own writes: a cancel right after a submission decides on a jobs read model that shows it. */
  ownWrites?: Pick<OwnWrites, 'remember' | 'awaitProjected'>;
}

/**
 * The command side's adapter (public): parse → build command → load state → decide → publish.
 * Every method resolves only after Kafka acknowledged the events it decided, with their log positions
 * (`positions`, for the `Conveyor-Position` header; empty for an idempotent repeat, whose event was
 * published by the first request).
 */
export function createJobService(options: JobServiceOptions) {
  const newId = options.newId ?? randomUUID;

  /** Ids and time from the injected clock; the trace context of the request span, so the trace follows the event. */
  const commandMeta = (actor: string): CommandMeta => {
    const carrier = injectTraceContext({});
    return { eventId: newId(), now: options.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };

  const submitCommand = (submission: JobSubmission, meta: RequestMeta): SubmitJob => {
    const { jobType, priority, maxAttempts, timeoutMs, runAt, concurrencyKey, backoff } = submission;
    // Issue 11: the log never holds a secret in plain text; only the executor opens it, to run the job.
    const payload = sealPayload(submission.payload, options.jobTypes.get(jobType)?.secretFields, options.secrets);
    return {
      type: 'SubmitJob',
      jobId: newId(),
      meta: commandMeta(meta.actor),
      // The job goes to its type's queue (the catalog's, or the compiled type's own), whose workers alone receive it.
      data: { jobType, payload, priority, maxAttempts, timeoutMs, runAt, concurrencyKey, backoff, idempotencyKey: meta.idempotencyKey, scheduleId: null, queue: options.jobTypes.get(jobType)?.queue },
    };
  };

  /** Publishes and remembers where each job's events landed (for a later command on the same job). */
  const publish = async (events: Parameters<JobEventPublisher['publish']>[0]): Promise<LogPosition[]> => {
    const positions = await options.events.publish(events);
    // The positions come in the order of the events when Kafka located them all; else each job gets them all.
    events.forEach((event, i) => {
      const own = positions.length === events.length ? positions.slice(i, i + 1) : positions;
      options.ownWrites?.remember(event.data.meta.jobId, own);
    });
    return positions;
  };

  return {
    /** Submits one job; with an Idempotency-Key a repeat of the same body returns the first job id. */
    async submit(body: unknown, meta: RequestMeta): Promise<{ jobId: string; replayed: boolean; positions: LogPosition[] }> {
      await options.jobTypes.ensure?.(namedJobTypes(body));
      const command = submitCommand(parseSubmission(body, options.jobTypes), meta);
      // A new job id has no state: submitJob(command, null) always decides JobSubmitted.
      const events = submitJob(command, null);
      if (!meta.idempotencyKey) return { jobId: command.jobId, replayed: false, positions: await publish(events) };
      let positions: LogPosition[] = [];
      // Under an abandoned claim's job id the same submission is published again under that id.
      const publishOnce = async (jobId: string) => {
        const own = jobId === command.jobId ? events : submitJob({ ...command, jobId }, null);
        positions = await publish(own);
      };
      const answer = await options.idempotency.once(meta.idempotencyKey, requestHash(body), command.jobId, publishOnce);
      return { ...answer, positions };
    },

    /**
     * Submits 1..1000 jobs, all or none, in one publish. `admit`, given the number of jobs once the batch
     * is valid, may refuse it (a rate limit: the batch costs one token per job) before anything is published.
     */
    async submitBatch(body: unknown, meta: RequestMeta, admit?: (jobCount: number) => Promise<void>): Promise<{ jobIds: string[]; positions: LogPosition[] }> {
      if (meta.idempotencyKey) {
        // TODO(idempotent batches): remembering every job id of a batch needs a job_ids column; refused until then.
        throw new ValidationError('Idempotency-Key is supported on POST /v1/jobs only', [{ path: '/headers/idempotency-key', message: 'not supported on batches' }]);
      }
      await options.jobTypes.ensure?.(namedJobTypes(body));
      const commands = parseBatch(body, options.jobTypes).map((s) => submitCommand(s, meta));
      await admit?.(commands.length);
      const positions = await publish(commands.flatMap((c) => submitJob(c, null)));
      return { jobIds: commands.map((c) => c.jobId), positions };
    },

    /** Cancels a job that has not finished: 404 unknown, 409 already finished. */
    async cancel(jobId: string, body: unknown, meta: RequestMeta): Promise<{ jobId: string; positions: LogPosition[] }> {
      const cancellation = parseCancellation(jobId, body);
      // The projection trails the log by milliseconds: wait for our own submission of this job, if any.
      await options.ownWrites?.awaitProjected('jobs', cancellation.jobId);
      const state = await options.jobStates.load(cancellation.jobId);
      if (state && meta.mayCancelAny === false && (await options.jobStates.submitter(cancellation.jobId)) !== meta.actor) {
        throw new ForbiddenError('a submitter may cancel only the jobs it submitted');
      }
      const events = cancelJob({ type: 'CancelJob', jobId: cancellation.jobId, meta: commandMeta(meta.actor), data: { reason: cancellation.reason } }, state);
      return { jobId: cancellation.jobId, positions: await publish(events) };
    },
  };
}

export type JobService = ReturnType<typeof createJobService>;
