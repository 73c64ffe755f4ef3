import type { Backoff, CatchUpPolicy, JobPriority, ScheduleEvent } from '@conveyor/events';

/** The job a schedule submits at each fire: a job submission without ids, run time or idempotency key. */
export interface JobTemplate {
  type: string;
  payload: unknown;
  priority: JobPriority;
  maxAttempts: number;
  /** Per attempt, in milliseconds; null for no timeout. */
  timeoutMs: number | null;
  concurrencyKey: string | null;
  backoff: Backoff;
}

/** What PUT /v1/schedules/:id replaces as a whole. */
export interface ScheduleDefinition {
  name: string;
  /** Cron expression of 5 fields, or 6 with seconds first. */
  cron: string;
  /** IANA time zone the cron expression is read in. */
  timeZone: string;
  jobTemplate: JobTemplate;
  catchUp: CatchUpPolicy;
  /** With catchUp `all`: at most this many missed fires. */
  maxCatchUp: number;
}

/** Whether a schedule fires: a deleted schedule never changes again. */
export type ScheduleStatus = 'active' | 'paused' | 'deleted';

/** The current state of one schedule, folded from its events (the `schedules` read model row). */
export interface ScheduleState extends ScheduleDefinition {
  scheduleId: string;
  status: ScheduleStatus;
  createdAt: number;
  updatedAt: number;
  /**
   * Fires before this instant (epoch milliseconds) are never due: set on creation, on resume (fires
   * due while paused are not caught up) and when an update changes the cron expression or time zone.
   */
  activeSince: number;
  /** Number of events folded: the schedule's version. */
  version: number;
}

const parseTemplate = (json: string): JobTemplate => JSON.parse(json) as JobTemplate;

/**
 * Folds one event into a schedule's state (pure). Events of an unknown schedule other than
 * ScheduleCreated are ignored; a deleted schedule stays deleted; a redelivered creation changes nothing.
 */
export function evolveSchedule(state: ScheduleState | null, event: ScheduleEvent): ScheduleState | null {
  const at = event.data.meta.occurredAt;
  if (event.type === 'ScheduleCreated') {
    if (state) return state;
    const e = event.data;
    return {
      scheduleId: e.meta.scheduleId, name: e.name, cron: e.cron, timeZone: e.timeZone, jobTemplate: parseTemplate(e.jobTemplateJson),
      catchUp: e.catchUp, maxCatchUp: e.maxCatchUp, status: 'active', createdAt: at, updatedAt: at, activeSince: at, version: 1,
    };
  }
  if (!state || state.status === 'deleted') return state;
  const next: ScheduleState = { ...state, updatedAt: Math.max(state.updatedAt, at), version: state.version + 1 };
  switch (event.type) {
    case 'ScheduleUpdated': {
      const e = event.data;
      // Fires of the old expression are not fires of the new one: catching up starts afresh.
      const retimed = e.cron !== state.cron || e.timeZone !== state.timeZone;
      return {
        ...next, name: e.name, cron: e.cron, timeZone: e.timeZone, jobTemplate: parseTemplate(e.jobTemplateJson),
        catchUp: e.catchUp, maxCatchUp: e.maxCatchUp, activeSince: retimed ? at : state.activeSince,
      };
    }
    case 'SchedulePaused':
      return { ...next, status: 'paused' };
    case 'ScheduleResumed':
      return state.status === 'paused' ? { ...next, status: 'active', activeSince: at } : next;
    case 'ScheduleDeleted':
      return { ...next, status: 'deleted' };
    default: {
      const _exhaustive: never = event;
      return _exhaustive;
    }
  }
}
