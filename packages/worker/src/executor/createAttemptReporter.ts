import { randomUUID } from 'node:crypto';
import type { JobEvent, JobWorkItem } from '@conveyor/events';
import { eventMetadata, type CommandMeta } from '@conveyor/domain';
import type { JobLogLevel } from '@conveyor/job-types';
import type { Logger } from '@conveyor/runtime';
import { admitLog, decideProgress, initialReportGate, reportLimits, type ReportLimits } from './reportGate';

/** What a handler's reports may hold, in characters. */
const maxMessageChars = 2000;
const maxFieldsChars = 4000;

export interface AttemptReporterDeps {
  item: JobWorkItem;
  /** Resolves once the events are acknowledged. */
  publish: (events: JobEvent[]) => Promise<void>;
  /** Resolves once the attempt's JobStarted is acknowledged: reports follow it in the log. */
  after: Promise<void>;
  /** The metadata of a report (actor, trace, causation, replay; id and time are the reporter's). */
  meta: () => Omit<CommandMeta, 'eventId' | 'now'>;
  /** Removes the attempt's secrets from what is reported. */
  scrub: <T>(value: T) => T;
  logger: Logger;
  limits?: ReportLimits;
}

/**
 * The reports of one running attempt (`ctx.progress`, `ctx.log`) as job events: JobProgressed coalesced
 * to one per interval (the last kept), JobLogged through a rate limit, sent in order after JobStarted.
 * `close()` sends what waits (the last progress, a count of refused lines) and resolves once every report
 * is acknowledged: the outcome goes out after them.
 */
export function createAttemptReporter(deps: AttemptReporterDeps) {
  const limits = deps.limits ?? reportLimits;
  let gate = initialReportGate(Date.now(), limits);
  let chain = deps.after;
  let pending: { fraction: number; message: string | null } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const { jobId, attempt } = deps.item;

  const send = (event: JobEvent) => {
    chain = chain.then(() => deps.publish([event])).catch((err: unknown) => deps.logger.warn({ err, type: event.type }, 'a report of the attempt was not published'));
  };
  const meta = () => eventMetadata(jobId, { ...deps.meta(), eventId: randomUUID(), now: Date.now() });
  const sendProgress = () => {
    timer = undefined;
    if (!pending) return;
    send({ type: 'JobProgressed', data: { meta: meta(), attempt, fraction: pending.fraction, message: pending.message } });
    pending = undefined;
  };

  return {
    progress(fraction: number, message?: string): void {
      if (closed || typeof fraction !== 'number' || Number.isNaN(fraction)) return;
      pending = { fraction: Math.min(1, Math.max(0, fraction)), message: message === undefined ? null : deps.scrub(String(message)).slice(0, maxMessageChars) };
      if (timer) return; // already waiting: the last report goes out then
      const decided = decideProgress(gate, Date.now(), limits);
      if (decided.send) {
        gate = decided.state;
        sendProgress();
      } else {
        timer = setTimeout(() => {
          gate = { ...gate, lastProgressAt: Date.now() };
          sendProgress();
        }, decided.waitMs);
        timer.unref();
      }
    },
    log(level: JobLogLevel, message: string, fields?: Record<string, unknown>): void {
      if (closed) return;
      const admitted = admitLog(gate, Date.now(), limits);
      gate = admitted.state;
      if (!admitted.admitted) return;
      send({ type: 'JobLogged', data: { meta: meta(), attempt, level, message: deps.scrub(String(message)).slice(0, maxMessageChars), fieldsJson: fieldsJsonOf(deps.scrub(fields)) } });
    },
    async close(): Promise<void> {
      if (!closed) {
        closed = true;
        if (timer) clearTimeout(timer);
        sendProgress();
        if (gate.logsDropped) {
          send({ type: 'JobLogged', data: { meta: meta(), attempt, level: 'warn', message: `${gate.logsDropped} log lines of this attempt were not kept (over ${limits.logBurst} at once, ${limits.logsPerSecond}/s or ${limits.maxLogs} in all)`, fieldsJson: null } });
        }
      }
      await chain;
    },
  };
}

export type AttemptReporter = ReturnType<typeof createAttemptReporter>;

/** A log line's fields as JSON text, null without any; too large, only their names. */
function fieldsJsonOf(fields: Record<string, unknown> | undefined): string | null {
  if (!fields || !Object.keys(fields).length) return null;
  let text: string;
  try {
    text = JSON.stringify(fields);
  } catch {
    return JSON.stringify({ unserializable: Object.keys(fields) });
  }
  return text.length <= maxFieldsChars ? text : JSON.stringify({ truncated: Object.keys(fields).slice(0, 50) });
}
