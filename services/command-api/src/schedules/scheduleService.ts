import { randomUUID } from 'node:crypto';
import { decideSchedule, nextFireTimes, type ScheduleCommand, type ScheduleDefinition, type ScheduleState } from '@conveyor/domain/schedules';
import type { CommandMeta } from '@conveyor/domain';
import type { ScheduleEvent } from '@conveyor/events';
import { AppError, ValidationError } from '@conveyor/errors';
import { redactSecrets, sealPayload, type SecretBox } from '@conveyor/job-types/secrets';
import { injectTraceContext } from '@conveyor/runtime';
import type { LogPosition } from '@conveyor/read-model';
import type { OwnWrites } from '../positions/createOwnWrites';
import { parseScheduleDefinition } from './parseScheduleDefinition';
import { namedJobTypes, type SubmissionJobTypes } from '../jobs/submissionJobTypes';
import { shortestFireInterval } from './shortestFireInterval';
import type { ScheduleStateStore } from './scheduleStateStore';

/** A schedule as the command API answers it. */
export interface ScheduleView extends ScheduleDefinition {
  scheduleId: string;
  paused: boolean;
  /** The next 5 fire times, ISO 8601. */
  nextFireTimes: string[];
}

export interface ScheduleServiceDeps {
  /** Publishes schedule events on conveyor.admin-events; resolves once Kafka acknowledged them, with their positions when known. */
  publishAdminEvents: (events: ScheduleEvent[]) => Promise<readonly LogPosition[] | void>;
  states: Pick<ScheduleStateStore, 'load'>;
  jobTypes: SubmissionJobTypes;
  /**
   * Seals the secret fields of each job template's payload before the schedule is published (issue 11):
   * every job it fires carries the envelopes, opened by the executor. Without it templates are kept as given.
   */
  secrets?: SecretBox;
  /** The clock of every command, in epoch milliseconds. */
  now: () => number;
  /** Schedule and event ids; default randomUUID. */
  newId?: () => string;
  /**
   * Read your own writes: the projection lags the log by milliseconds, so a command right after another
   * (pause after create) waits until the `schedules` projection has passed the first one.
   */
  ownWrites?: Pick<OwnWrites, 'remember' | 'awaitProjected'>;
  /** Caps (issue 11): schedules per principal and the shortest fire interval. Without it, none. */
  limits?: ScheduleLimits;
}

/** The schedule caps of one deployment. */
export interface ScheduleLimits {
  /** Schedules (not deleted) one principal may have created. */
  maxPerPrincipal: number;
  /** The shortest interval between two fires, in seconds. */
  minIntervalSeconds: number;
  /** Schedules not deleted that `actor` created (the `schedules` read model). */
  countCreatedBy: (actor: string) => Promise<number>;
}

/** The log positions of the events a command published (for `Conveyor-Position`). */
export interface Published {
  positions: LogPosition[];
}

/** The own-writes entry of a principal's last schedule command (beside schedule ids, never one). */
const actorKey = (actor: string) => `schedules-of:${actor}`;

/**
 * The schedule commands (public): parse → build command → load state (once our own last write of the
 * schedule is projected) → decide → publish.
 */
export function createScheduleService(deps: ScheduleServiceDeps) {
  const newId = deps.newId ?? randomUUID;

  const commandMeta = (actor: string): CommandMeta => {
    const carrier = injectTraceContext({});
    return { eventId: newId(), now: deps.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };

  /** The definition to publish: its job template's secret fields sealed. */
  const sealed = (d: ScheduleDefinition): ScheduleDefinition => (deps.secrets
    ? { ...d, jobTemplate: { ...d.jobTemplate, payload: sealPayload(d.jobTemplate.payload, deps.jobTypes.get(d.jobTemplate.type)?.secretFields, deps.secrets) } }
    : d);

  const view = (scheduleId: string, definition: ScheduleDefinition, paused: boolean, at: number): ScheduleView => ({
    scheduleId, ...definition, jobTemplate: redactSecrets(definition.jobTemplate), paused,
    nextFireTimes: nextFireTimes(definition.cron, definition.timeZone, at, 5).map((t) => new Date(t).toISOString()),
  });

  /** Publishes and remembers where the schedule's events landed (for a later command on it). */
  const publish = async (scheduleId: string, events: ScheduleEvent[]): Promise<LogPosition[]> => {
    const positions = [...(await deps.publishAdminEvents(events)) ?? []];
    deps.ownWrites?.remember(scheduleId, positions);
    return positions;
  };

  /** 400 when the cron expression fires more often than the configured minimum interval. */
  const checkInterval = (data: ScheduleDefinition, at: number): void => {
    const limits = deps.limits;
    if (!limits) return;
    const shortest = shortestFireInterval(data.cron, data.timeZone, at);
    if (shortest < limits.minIntervalSeconds * 1000) {
      throw new ValidationError('the schedule fires too often', [{ path: '/cron', message: `fires every ${shortest / 1000} s at times; the minimum interval is ${limits.minIntervalSeconds} s` }]);
    }
  };

  /**
   * 409 QUOTA_EXCEEDED when `actor` already has the maximum of schedules. Counted once the read model shows
   * this process's last schedule command by the actor, so creations and deletes one after another count.
   */
  const checkQuota = async (actor: string): Promise<void> => {
    const limits = deps.limits;
    if (!limits) return;
    await deps.ownWrites?.awaitProjected('schedules', actorKey(actor));
    const owned = await limits.countCreatedBy(actor);
    if (owned >= limits.maxPerPrincipal) {
      throw new AppError('QUOTA_EXCEEDED', `you have ${owned} schedules, the maximum per principal is ${limits.maxPerPrincipal}: delete one first`);
    }
  };

  /** Decides against the read model once it shows our own last write; publishes; returns the state decided on. */
  const run = async (command: ScheduleCommand): Promise<{ state: ScheduleState | null } & Published> => {
    await deps.ownWrites?.awaitProjected('schedules', command.scheduleId);
    const state = await deps.states.load(command.scheduleId);
    const positions = await publish(command.scheduleId, decideSchedule(command, state));
    // A delete frees a slot of the actor's quota: its next creation counts once this is projected.
    deps.ownWrites?.remember(actorKey(command.meta.actor), positions);
    return { state, positions };
  };

  return {
    async create(body: unknown, actor: string): Promise<ScheduleView & Published> {
      await deps.jobTypes.ensure?.(namedJobTypes(body));
      const data = sealed(parseScheduleDefinition(body, deps.jobTypes));
      const scheduleId = newId();
      const meta = commandMeta(actor);
      checkInterval(data, meta.now);
      await checkQuota(actor);
      // A new id has no state: no read needed.
      const positions = await publish(scheduleId, decideSchedule({ type: 'CreateSchedule', scheduleId, meta, data }, null));
      deps.ownWrites?.remember(actorKey(actor), positions);
      return { ...view(scheduleId, data, false, meta.now), positions };
    },
    async update(scheduleId: string, body: unknown, actor: string): Promise<ScheduleView & Published> {
      await deps.jobTypes.ensure?.(namedJobTypes(body));
      const data = sealed(parseScheduleDefinition(body, deps.jobTypes));
      const meta = commandMeta(actor);
      checkInterval(data, meta.now);
      const { state, positions } = await run({ type: 'UpdateSchedule', scheduleId, meta, data });
      return { ...view(scheduleId, data, state?.status === 'paused', meta.now), positions };
    },
    async pause(scheduleId: string, actor: string): Promise<{ scheduleId: string; paused: true } & Published> {
      const { positions } = await run({ type: 'PauseSchedule', scheduleId, meta: commandMeta(actor) });
      return { scheduleId, paused: true, positions };
    },
    async resume(scheduleId: string, actor: string): Promise<{ scheduleId: string; paused: false } & Published> {
      const { positions } = await run({ type: 'ResumeSchedule', scheduleId, meta: commandMeta(actor) });
      return { scheduleId, paused: false, positions };
    },
    async delete(scheduleId: string, actor: string): Promise<Published> {
      const { positions } = await run({ type: 'DeleteSchedule', scheduleId, meta: commandMeta(actor) });
      return { positions };
    },
  };
}

export type ScheduleService = ReturnType<typeof createScheduleService>;
