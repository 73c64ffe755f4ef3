import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '@conveyor/errors';
import { decideSchedule, nextFireTimes, type ScheduleCommand, type ScheduleDefinition, type ScheduleState } from '@conveyor/domain/src/schedules';
import type { CommandMeta } from '@conveyor/domain';
import type { ScheduleEvent } from '@conveyor/events';
import type { JobTypeRegistry } from '@conveyor/job-types';
import { injectTraceContext } from '@conveyor/runtime';
import type { LogPosition } from '../kafka/logPosition';
import { parseScheduleDefinition } from './parseScheduleDefinition';
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
  jobTypes: JobTypeRegistry;
  /** The clock of every command, in epoch milliseconds. */
  now: () => number;
  /** Schedule and event ids; default randomUUID. */
  newId?: () => string;
  /**
   * How long a 404 or 409 is re-checked against the read model before it is answered, in milliseconds:
   * the projection lags the log by milliseconds, so a request right after another sees its effect.
   */
  lookupWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The log positions of the events a command published (for `Conveyor-Position`). */
export interface Published {
  positions: LogPosition[];
}

/**
 * The schedule commands (public): parse → build command → load state → decide → publish. A 404 or 409
 * is decided again from a fresher read model until `lookupWaitMs` has passed.
 */
export function createScheduleService(deps: ScheduleServiceDeps) {
  const newId = deps.newId ?? randomUUID;
  const lookupWaitMs = deps.lookupWaitMs ?? 1000;

  const commandMeta = (actor: string): CommandMeta => {
    const carrier = injectTraceContext({});
    return { eventId: newId(), now: deps.now(), actor, traceparent: carrier.traceparent ?? null, tracestate: carrier.tracestate ?? null };
  };

  const view = (scheduleId: string, definition: ScheduleDefinition, paused: boolean, at: number): ScheduleView => ({
    scheduleId, ...definition, paused,
    nextFireTimes: nextFireTimes(definition.cron, definition.timeZone, at, 5).map((t) => new Date(t).toISOString()),
  });

  const publish = async (events: ScheduleEvent[]): Promise<LogPosition[]> => [...(await deps.publishAdminEvents(events)) ?? []];

  /** Decides against the read model, re-reading it while the answer is 404 or 409; publishes; returns the state decided on. */
  const run = async (command: ScheduleCommand): Promise<{ state: ScheduleState | null } & Published> => {
    const deadline = Date.now() + lookupWaitMs;
    for (;;) {
      const state = await deps.states.load(command.scheduleId);
      let events: ScheduleEvent[];
      try {
        events = decideSchedule(command, state);
      } catch (err) {
        if (!(err instanceof NotFoundError || err instanceof ConflictError) || Date.now() >= deadline) throw err;
        await sleep(25);
        continue;
      }
      return { state, positions: await publish(events) };
    }
  };

  return {
    async create(body: unknown, actor: string): Promise<ScheduleView & Published> {
      const data = parseScheduleDefinition(body, deps.jobTypes);
      const scheduleId = newId();
      const meta = commandMeta(actor);
      // A new id has no state: no read needed.
      const positions = await publish(decideSchedule({ type: 'CreateSchedule', scheduleId, meta, data }, null));
      return { ...view(scheduleId, data, false, meta.now), positions };
    },
    async update(scheduleId: string, body: unknown, actor: string): Promise<ScheduleView & Published> {
      const data = parseScheduleDefinition(body, deps.jobTypes);
      const meta = commandMeta(actor);
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
