import { redriveDeadLetter, type CommandMeta, type DeadLetterState } from '@conveyor/domain';
import type { JobEvent, JobWorkItem } from '@conveyor/events';
import type { Logger, Pool } from '@conveyor/runtime';
import type { JobPublisher } from '@conveyor/worker/engine';
import { findDeadLetters, type DeadLetter, type DeadLetterFilter } from './findDeadLetters';
import { redriveEventId } from './redriveIds';

export interface RedriveOptions extends DeadLetterFilter {
  /** Who re-drives: recorded in JobRequeued.by and meta.actor. */
  actor: string;
  reason?: string;
  /** Count, publish nothing. */
  dryRun?: boolean;
  /** A job re-driven this many times is quarantined instead of sent again; default 3. */
  maxRedrives?: number;
  /** The clock, in epoch milliseconds. */
  now?: () => number;
}

/** What a redrive did (public). */
export interface RedriveReport {
  dryRun: boolean;
  found: number;
  redriven: number;
  /** Re-drives recorded by an earlier run that crashed before the broker acknowledged: published again, same ids. */
  resumed: number;
  quarantined: number;
  /** Counts of the letters found, by job type and by cause. */
  byType: Record<string, number>;
  byCause: Record<string, number>;
  items: Array<{ jobId: string; deadLetterId: string; redriveCount: number; outcome: 'redriven' | 'quarantined' | 'would redrive' | 'would quarantine' }>;
}

const tally = (letters: DeadLetter[], key: (l: DeadLetter) => string) =>
  letters.reduce<Record<string, number>>((acc, l) => ({ ...acc, [key(l)]: (acc[key(l)] ?? 0) + 1 }), {});

/** What the n-th re-drive of a letter decides, with the work item the dispatcher will make of a requeue. */
export type Redrive = { kind: 'quarantined' } | { kind: 'requeued'; event: JobEvent; item: JobWorkItem };

/**
 * Decides the n-th re-drive of a letter through the domain's dead-letter decider (pure): quarantined once
 * the job was re-driven `maxRedrives` times (default: never), else the JobRequeued, with an id derived
 * from (letter, n), and the work item it leads to (it names the work topic recorded with the re-drive;
 * it is not published here).
 */
export function decideRedrive(letter: DeadLetter, n: number, options: { actor: string; reason?: string; now: number; maxRedrives?: number }): Redrive {
  const meta: CommandMeta = {
    eventId: redriveEventId(letter.deadLetterId, n), now: options.now, actor: options.actor, traceparent: null, tracestate: null,
    // A re-drive runs the job again for real: not a replay, so handlers with side effects do run.
    replay: false, causationId: letter.deadLetterId,
  };
  // findDeadLetters selected the letter as dead; n - 1 re-drives came before this one.
  const state: DeadLetterState = { id: letter.deadLetterId, jobId: letter.jobId, status: 'dead', job: { status: 'dead', attempts: letter.attempt }, requeues: n - 1 };
  const decision = redriveDeadLetter({ type: 'RedriveDeadLetter', reason: options.reason ?? null, maxRedrives: options.maxRedrives ?? Infinity, meta }, state);
  if (decision.kind === 'quarantined') return decision;
  const attempt = decision.event.attempt;
  const j = letter.job;
  const item: JobWorkItem = {
    jobId: letter.jobId, attempt, type: letter.type, payloadJson: JSON.stringify(j.payload ?? null), priority: j.priority,
    // The re-driven attempt may run even though the job used all its attempts: it is one more.
    maxAttempts: Math.max(j.maxAttempts, attempt), timeoutMs: j.timeoutMs, concurrencyKey: j.concurrencyKey, backoff: j.backoff,
    submittedAt: j.submittedAt, dueAt: options.now, traceparent: j.traceparent, tracestate: null, replay: false, causationId: letter.deadLetterId,
    // TODO(issue 12, queues): the dead-letter row does not record the job's queue, so the topic this item names
    // (kept with the re-drive) is the default queue's; the dispatcher routes the requeue by the job's first work item.
    queue: 'default',
  };
  return { kind: 'requeued', event: { type: 'JobRequeued', data: decision.event }, item };
}

/** The JobRequeued event of the n-th re-drive of a letter and its work item, never quarantined (pure). */
export function redriveOf(letter: DeadLetter, n: number, options: { actor: string; reason?: string; now: number }): { event: JobEvent; item: JobWorkItem } {
  const decision = decideRedrive(letter, n, options);
  if (decision.kind === 'quarantined') throw new Error('a re-drive without a limit is never quarantined');
  return decision;
}

/**
 * Re-publishes dead letters to their work topics, exactly once each (public). For every letter:
 * a job already re-driven `maxRedrives` times is quarantined (a `quarantined` row; never sent again);
 * otherwise the re-drive is recorded in replay_redrives (key: job and re-drive count; the dead letter
 * unique) BEFORE the JobRequeued event is published with ids derived from that key, then marked sent;
 * the dispatcher turns the event into the next attempt's work item. Re-drives left `pending` by a crash are published again with the same ids: the
 * projector keeps one event per id and the executor's claims run one attempt per (job, attempt).
 */
export async function redriveDeadLetters(
  deps: { pool: Pool; publisher: Pick<JobPublisher, 'publishEvents'>; logger: Logger; workTopic: (item: JobWorkItem) => string },
  options: RedriveOptions,
): Promise<RedriveReport> {
  const now = options.now ?? Date.now;
  const startedAt = new Date(now());
  const max = options.maxRedrives ?? 3;
  const letters = await findDeadLetters(deps.pool, options);
  const report: RedriveReport = {
    dryRun: !!options.dryRun, found: letters.length, redriven: 0, resumed: 0, quarantined: 0,
    byType: tally(letters, (l) => l.type), byCause: tally(letters, (l) => l.cause), items: [],
  };
  for (const letter of letters) {
    const n = letter.priorRedrives + 1;
    const decision = decideRedrive(letter, n, { actor: options.actor, reason: options.reason, now: now(), maxRedrives: max });
    const quarantine = decision.kind === 'quarantined';
    if (options.dryRun) {
      report.items.push({ jobId: letter.jobId, deadLetterId: letter.deadLetterId, redriveCount: n, outcome: quarantine ? 'would quarantine' : 'would redrive' });
      continue;
    }
    const { rowCount } = await deps.pool.query(
      `insert into replay_redrives (job_id, redrive_count, dead_letter_event_id, topic, state, actor, reason, requeued_event_id, work_item_topic)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing`,
      [letter.jobId, n, letter.deadLetterId, options.topic, quarantine ? 'quarantined' : 'pending', options.actor, options.reason ?? null,
        quarantine ? null : decision.event.data.meta.eventId, quarantine ? null : deps.workTopic(decision.item)]);
    if (!rowCount) continue; // another redrive took this letter meanwhile
    if (quarantine) {
      report.quarantined += 1;
      report.items.push({ jobId: letter.jobId, deadLetterId: letter.deadLetterId, redriveCount: n, outcome: 'quarantined' });
      deps.logger.warn({ jobId: letter.jobId, redrives: letter.priorRedrives }, 'dead letter quarantined: re-driven too often');
      continue;
    }
    await publish(deps, letter, decision);
    report.redriven += 1;
    report.items.push({ jobId: letter.jobId, deadLetterId: letter.deadLetterId, redriveCount: n, outcome: 'redriven' });
  }
  if (!options.dryRun) report.resumed = await resumePending(deps, options, startedAt);
  return report;
}

async function publish(deps: { pool: Pool; publisher: Pick<JobPublisher, 'publishEvents'> }, letter: Pick<DeadLetter, 'deadLetterId'>, r: { event: JobEvent }) {
  // Only the event: the dispatcher turns JobRequeued into the next attempt's work item, as for a
  // requeue through the API, so one path makes work items and a re-drive never sends two.
  await deps.publisher.publishEvents([r.event]);
  await deps.pool.query(`update replay_redrives set state = 'sent', sent_at = now() where dead_letter_event_id = $1`, [letter.deadLetterId]);
}

/** Publishes again the re-drives a crashed run recorded but never marked sent (same ids, same content). */
async function resumePending(deps: Parameters<typeof redriveDeadLetters>[0], options: RedriveOptions, before: Date): Promise<number> {
  // Only rows of earlier runs: a concurrent run's fresh rows are that run's to publish.
  const { rows } = await deps.pool.query<{ dead_letter_event_id: string; redrive_count: number; job_id: string }>(
    `select dead_letter_event_id, redrive_count, job_id from replay_redrives where state = 'pending' and topic = $1 and created_at < $2`,
    [options.topic, before]);
  let resumed = 0;
  for (const row of rows) {
    const [letter] = await findDeadLetters(deps.pool, { topic: options.topic, schema: options.schema, deadLetterId: row.dead_letter_event_id });
    if (!letter) continue;
    const recorded = await deps.pool.query<{ actor: string; reason: string | null; created_at: Date }>(
      'select actor, reason, created_at from replay_redrives where dead_letter_event_id = $1', [row.dead_letter_event_id]);
    const r = recorded.rows[0];
    if (!r) continue;
    await publish(deps, letter, redriveOf(letter, row.redrive_count, { actor: r.actor, reason: r.reason ?? undefined, now: r.created_at.getTime() }));
    resumed += 1;
  }
  return resumed;
}
