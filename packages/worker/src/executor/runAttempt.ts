import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { NonRetriableError } from '@conveyor/errors';
import type { DeadLetter, JobEvent, JobWorkItem } from '@conveyor/events';
import { deadLetterJob, decideAttempt, eventMetadata, type AttemptOutcome, type CommandMeta } from '@conveyor/domain';
import type { HandlerLog, HandlerPorts, JobLogLevel, JobTypeDefinition, JobTypeRegistry } from '@conveyor/job-types';
import { openPayload, scrubSecrets, type SecretBox } from '@conveyor/job-types/secrets';
import { extractTraceContext, injectTraceContext, tracer, type Logger, type Metrics } from '@conveyor/runtime';
import { jobDeadLetter, type Origin } from '../protocol/deadLetterRecords';
import { attemptEventId } from './attemptEventId';
import { createAttemptSignal, raceAbort, type AttemptSignal } from './attemptSignal';
import type { ClaimStore } from './createClaimStore';
import { createAttemptReporter, type AttemptReporter } from './createAttemptReporter';
import { toJobError } from './toJobError';

export interface AttemptDeps {
  registry: JobTypeRegistry;
  claims: ClaimStore;
  /** Resolves once the events are acknowledged. */
  publishEvents: (events: JobEvent[]) => Promise<void>;
  /** Publishes dead letters onto the dead-letter topic; resolves once acknowledged. */
  publishDeadLetters: (letters: DeadLetter[]) => Promise<void>;
  ports: HandlerPorts;
  /** Opens the sealed secret fields of a payload right before its handler runs; without it such a job fails (SECRET_UNREADABLE). */
  secrets?: SecretBox;
  workerId: string;
  /** Timeout when neither the job nor its type names one, in milliseconds. */
  defaultTimeoutMs: number;
  /** The running attempts by job id: the cancel watch aborts them. */
  running: Map<string, AttemptSignal>;
  /** Whether a JobCancelled for the job was seen lately (it may precede the dispatcher's record). */
  recentlyCancelled: (jobId: string) => boolean;
  logger: Logger;
  metrics: Metrics;
}

/** Optional callbacks into an attempt's progress. */
export interface AttemptHooks {
  /**
   * Called when the handler has returned (or was aborted), before the outcome is stored and published:
   * the executor frees the attempt's slot then (the offset still waits for the whole attempt).
   */
  handlerReturned?: () => void;
  /** Called when another live worker holds the attempt's claim: look again after `retryInMs` milliseconds. */
  held?: (retryInMs: number) => void;
}

export type AttemptResult = 'succeeded' | 'retry' | 'failed' | 'cancelled' | 'aborted' | 'skipped' | 'held' | 'republished';

const resultOf = (events: JobEvent[]): AttemptResult =>
  events[0]?.type === 'JobSucceeded' ? 'succeeded' : events[0]?.type === 'JobRetryScheduled' ? 'retry' : events[0]?.type === 'JobFailed' ? 'failed' : 'cancelled';

/**
 * Runs one attempt of a work item, inside a CONSUMER span continuing the trace of its submission:
 * claim → JobStarted sent, and the handler run under an abort signal (timeout, cancellation) while
 * JobStarted is in flight → decideAttempt → store the outcome with the claim, while JobStarted is still
 * unacknowledged → publish the outcome once JobStarted is acknowledged. Returns what happened.
 *
 * Why the handler need not wait for JobStarted's acknowledgement (docs/performance.md): the outcome is
 * sent only after JobStarted is acknowledged, so the log still holds JobStarted before the outcome
 * even if JobStarted's batch fails and is retried; a crash before that acknowledgement leaves an
 * undecided (or stored but unpublished) claim, which a takeover runs again (or republishes) under the
 * same event ids, exactly as a crash during the handler always did. A handler may start its side
 * effects a few milliseconds before JobStarted is durable: at-least-once, as before.
 */
export function runAttempt(deps: AttemptDeps, item: JobWorkItem, origin: Origin, headers: Record<string, unknown> = {}, hooks: AttemptHooks = {}): Promise<AttemptResult> {
  const carrier = item.traceparent ? { traceparent: item.traceparent, ...(item.tracestate ? { tracestate: item.tracestate } : {}) } : headers;
  const parent = extractTraceContext(carrier);
  return tracer().startActiveSpan(`process ${item.type}`, {
    kind: SpanKind.CONSUMER,
    attributes: { 'messaging.system': 'kafka', 'conveyor.job.id': item.jobId, 'conveyor.job.type': item.type, 'conveyor.job.attempt': item.attempt },
  }, parent, async (span) => {
    try {
      const result = await attempt(deps, item, origin, hooks);
      span.setAttribute('conveyor.attempt.result', result);
      if (result === 'failed' || result === 'retry') span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } catch (err) {
      span.recordException(err as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Publishes an attempt's outcome: its job events, then the dead letter of a JobDeadLettered among them. */
async function publishOutcome(deps: AttemptDeps, item: JobWorkItem, events: JobEvent[]): Promise<void> {
  await deps.publishEvents(events);
  const letters = events.flatMap((e) => (e.type === 'JobDeadLettered' ? [jobDeadLetter(e.data, item)] : []));
  if (letters.length) await deps.publishDeadLetters(letters);
}

/**
 * The JobStarted of an attempt whose stored outcome is republished (pure): same event id as the original,
 * dated at the outcome minus its duration. None for a type without a handler (its attempt never starts).
 */
function republishedStart(deps: Pick<AttemptDeps, 'registry' | 'workerId'>, item: JobWorkItem, outcome: JobEvent[]): JobEvent | undefined {
  const first = outcome[0];
  if (!first || !deps.registry.get(item.type)) return undefined;
  const durationMs = 'durationMs' in first.data && typeof first.data.durationMs === 'number' ? first.data.durationMs : 0;
  const meta: CommandMeta = {
    eventId: attemptEventId(item.jobId, item.attempt, 'started'), now: first.data.meta.occurredAt - durationMs, actor: deps.workerId,
    traceparent: first.data.meta.traceparent, tracestate: first.data.meta.tracestate, causationId: item.causationId, replay: item.replay,
  };
  return startedEvent(item, meta, deps.workerId);
}

/** The JobStarted of an attempt (pure): one shape for the first run and for a republish. */
function startedEvent(item: JobWorkItem, meta: CommandMeta, workerId: string): JobEvent {
  return { type: 'JobStarted', data: { meta: eventMetadata(item.jobId, meta), attempt: item.attempt, workerId } };
}

async function attempt(deps: AttemptDeps, item: JobWorkItem, origin: Origin, hooks: AttemptHooks): Promise<AttemptResult> {
  // The child logger is made only when something is logged: most attempts log nothing.
  let child: Logger | undefined;
  const log = () => (child ??= deps.logger.child({ jobId: item.jobId, attempt: item.attempt, type: item.type }));
  const stage = (name: string, since: number) => deps.metrics.stageDuration.observe({ stage: name }, (performance.now() - since) / 1000);
  const claimedFrom = performance.now();
  const claim = await deps.claims.claim(item.jobId, item.attempt);
  stage('executor.claim', claimedFrom);
  if (claim.kind === 'skip') {
    deps.metrics.jobs.inc({ type: item.type, outcome: 'skipped' });
    deps.metrics.queueAttempts.inc({ queue: item.queue, outcome: 'skipped' });
    return 'skipped';
  }
  if (claim.kind === 'held') {
    hooks.held?.(claim.retryInMs);
    return 'held';
  }
  if (claim.kind === 'republish') {
    log().info('republishing the outcome of a crashed worker\'s attempt');
    // The outcome was stored while JobStarted was still in flight: the crashed worker may have died before
    // JobStarted was acknowledged. The log must hold JobStarted before the outcome, so it goes again first,
    // under its own event id (when it did land, this is a second delivery of the same fact).
    const started = republishedStart(deps, item, claim.events);
    if (started) await deps.publishEvents([started]);
    await publishOutcome(deps, item, claim.events);
    return 'republished';
  }

  const trace = injectTraceContext({});
  const meta = (what: 'started' | 'outcome' | 'dead-letter'): CommandMeta => ({
    eventId: attemptEventId(item.jobId, item.attempt, what), now: Date.now(), actor: deps.workerId,
    traceparent: trace.traceparent ?? item.traceparent, tracestate: trace.tracestate ?? item.tracestate,
    causationId: item.causationId, replay: item.replay,
  });
  const definition = deps.registry.get(item.type);
  const ctx = { jobId: item.jobId, attempt: item.attempt, maxAttempts: item.maxAttempts, backoff: item.backoff, durationMs: 0 };

  let outcome: AttemptOutcome;
  // Resolves once JobStarted is acknowledged (at once when no JobStarted is due).
  let startedAck: Promise<void> = Promise.resolve();
  // The handler's progress and log lines, published after JobStarted and before the outcome.
  let reporter: AttemptReporter | undefined;
  if (!definition) {
    // Fails for good and is dead-lettered with cause unknown_type (see deadLetterCause).
    outcome = { kind: 'failed', error: { message: `no handler for job type ${item.type}`, code: 'UNKNOWN_TYPE', retriable: false } };
  } else {
    const sentFrom = performance.now();
    startedAck = deps.publishEvents([startedEvent(item, meta('started'), deps.workerId)])
      .then(() => stage('executor.started_ack', sentFrom));
    // Awaited before the outcome is published; meanwhile a failure must not go unhandled.
    startedAck.catch(() => undefined);
    const signal = createAttemptSignal(item.timeoutMs ?? definition.defaults?.timeoutMs ?? deps.defaultTimeoutMs);
    deps.running.set(item.jobId, signal);
    if (deps.recentlyCancelled(item.jobId)) signal.abort('cancelled');
    const started = performance.now();
    // The plaintext secrets of this attempt: scrubbed from its result and error before they are stored anywhere.
    let secrets: string[] = [];
    const { eventId: _eventId, now: _now, ...reportMeta } = meta('outcome');
    const reports = createAttemptReporter({
      item, publish: deps.publishEvents, after: startedAck, meta: () => reportMeta, scrub: (v) => scrubSecrets(v, secrets), logger: deps.logger,
    });
    reporter = reports;
    const handlerLog = ((...args: unknown[]) => {
      const [level, message, fields] = (isLogLevel(args[0]) && typeof args[1] === 'string' ? args : ['info', ...args]) as [JobLogLevel, string, Record<string, unknown> | undefined];
      log()[level](scrubSecrets(fields ?? {}, secrets), scrubSecrets(String(message), secrets));
      reports.log(level, message, fields);
    }) as HandlerLog;
    try {
      // Replays re-run history; a type with side effects must not repeat them (docs/architecture.md, Replay).
      const work = item.replay && definition.sideEffects
        ? Promise.resolve({ skipped: 'replay' })
        : Promise.resolve().then(() => {
          const opened = openPayload(parseJson(item.payloadJson), definition.secretFields, deps.secrets ?? noKeyRing);
          secrets = opened.secrets;
          return definition.run(parsePayload(definition, opened.payload), {
            jobId: item.jobId, attempt: item.attempt, signal: signal.signal, replay: item.replay, ports: deps.ports,
            log: handlerLog, progress: reports.progress,
          });
        });
      outcome = { kind: 'succeeded', result: scrubSecrets(await raceAbort(work, signal.signal), secrets) };
    } catch (err) {
      const why = signal.reason();
      // Whatever the handler threw after its signal aborted, the abort is the cause.
      outcome = why === 'cancelled' || why === 'shutdown' ? { kind: 'cancelled' }
        : { kind: 'failed', error: scrubSecrets(toJobError(why === 'timeout' ? signal.signal.reason : err), secrets) };
    } finally {
      signal.dispose();
      if (deps.running.get(item.jobId) === signal) deps.running.delete(item.jobId);
    }
    ctx.durationMs = performance.now() - started;
    hooks.handlerReturned?.();
    if (signal.reason() === 'shutdown') {
      // Left undecided on purpose: the claim is taken over and the attempt run again after a restart.
      deps.claims.abandon(item.jobId, item.attempt);
      void reports.close();
      deps.metrics.jobs.inc({ type: item.type, outcome: 'aborted' });
      deps.metrics.queueAttempts.inc({ queue: item.queue, outcome: 'aborted' });
      return 'aborted';
    }
  }

  const decided = decideAttempt(ctx, outcome, meta('outcome'), Math.random());
  // A final failure also moves the job to the dead letters, with the work item as origin (docs/architecture.md).
  const events = decided.flatMap((e): JobEvent[] => (e.type === 'JobFailed'
    ? [e, { type: 'JobDeadLettered', data: deadLetterJob({ type: 'DeadLetterJob', origin, meta: meta('dead-letter') }, e.data) }]
    : [e]));
  // Storing the outcome overlaps JobStarted's acknowledgement; the outcome goes out after both.
  const recordedFrom = performance.now();
  const [recorded] = await Promise.all([
    deps.claims.record(item.jobId, item.attempt, events).finally(() => stage('executor.record', recordedFrom)),
    startedAck,
    reporter?.close(),
  ]);
  if (!recorded) {
    log().warn('the claim was taken over meanwhile: not publishing the outcome');
    return 'skipped';
  }
  const publishedFrom = performance.now();
  await publishOutcome(deps, item, events);
  stage('executor.outcome_ack', publishedFrom);
  const result = resultOf(events);
  // A final failure parked in the dead letters is counted as dead_lettered (issue 17).
  const counted = result === 'failed' && events.some((e) => e.type === 'JobDeadLettered') ? 'dead_lettered' : result;
  deps.metrics.jobs.inc({ type: item.type, outcome: counted });
  deps.metrics.queueAttempts.inc({ queue: item.queue, outcome: counted });
  deps.metrics.jobDuration.observe({ type: item.type, outcome: counted }, ctx.durationMs / 1000);
  // From when the job could first run (its runAt, else its submission) to its final outcome, retries included.
  if (result !== 'retry' && !item.replay) deps.metrics.jobEndToEnd.observe({ type: item.type, outcome: counted }, (Date.now() - (item.attempt === 1 ? item.dueAt : item.submittedAt)) / 1000);
  if (result === 'failed' || result === 'retry') log().info({ error: (events[0]?.data as { error?: unknown }).error }, `attempt ${result === 'retry' ? 'failed, retry scheduled' : 'failed'}`);
  return result;
}

/** The key ring of an executor given none: a sealed secret cannot be opened, the job fails for good. */
const noKeyRing: SecretBox = {
  activeKeyId: '',
  seal: () => { throw new Error('no key ring'); },
  open: () => { throw new NonRetriableError('a secret of the payload cannot be opened: the executor has no key ring', 'SECRET_UNREADABLE'); },
};

const logLevels: ReadonlySet<unknown> = new Set<JobLogLevel>(['debug', 'info', 'warn', 'error']);
const isLogLevel = (x: unknown): x is JobLogLevel => logLevels.has(x);

function parseJson(payloadJson: string): unknown {
  try {
    return JSON.parse(payloadJson);
  } catch (err) {
    throw new NonRetriableError('the payload is not valid JSON', 'INVALID_PAYLOAD', { cause: err });
  }
}

function parsePayload(definition: Pick<JobTypeDefinition, 'payload'>, raw: unknown): unknown {
  try {
    return definition.payload.parse(raw);
  } catch (err) {
    throw new NonRetriableError(`the payload does not match the job type: ${(err as Error).message}`, 'INVALID_PAYLOAD', { cause: err });
  }
}
