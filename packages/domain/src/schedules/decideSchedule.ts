import { ConflictError, NotFoundError } from '@conveyor/errors';
import type { ScheduleEvent, ScheduleMetadata } from '@conveyor/events';
import type { CommandMeta } from '../commandMeta';
import type { ScheduleDefinition, ScheduleState } from './scheduleState';

/** Orders a new schedule. The definition is already validated (cron, time zone, job template) by the adapter. */
export interface CreateSchedule {
  type: 'CreateSchedule';
  scheduleId: string;
  meta: CommandMeta;
  data: ScheduleDefinition;
}

/** Replaces a schedule's definition as a whole; its paused state is kept. */
export interface UpdateSchedule {
  type: 'UpdateSchedule';
  scheduleId: string;
  meta: CommandMeta;
  data: ScheduleDefinition;
}

/** Orders an active schedule to stop firing. */
export interface PauseSchedule {
  type: 'PauseSchedule';
  scheduleId: string;
  meta: CommandMeta;
}

/** Orders a paused schedule to fire again (from now on). */
export interface ResumeSchedule {
  type: 'ResumeSchedule';
  scheduleId: string;
  meta: CommandMeta;
}

/** Orders a schedule gone for good. */
export interface DeleteSchedule {
  type: 'DeleteSchedule';
  scheduleId: string;
  meta: CommandMeta;
}

export type ScheduleCommand = CreateSchedule | UpdateSchedule | PauseSchedule | ResumeSchedule | DeleteSchedule;

/** The metadata of a schedule event from a command's metadata (pure). */
export function scheduleMetadata(scheduleId: string, meta: CommandMeta): ScheduleMetadata {
  return { eventId: meta.eventId, scheduleId, occurredAt: meta.now, actor: meta.actor, traceparent: meta.traceparent, tracestate: meta.tracestate };
}

const definitionFields = (d: ScheduleDefinition) => ({
  name: d.name, cron: d.cron, timeZone: d.timeZone, jobTemplateJson: JSON.stringify(d.jobTemplate), catchUp: d.catchUp, maxCatchUp: d.maxCatchUp,
});

/** The schedule of a command, or 404 when there is none (or it was deleted). */
function existing(scheduleId: string, state: ScheduleState | null): ScheduleState {
  if (!state || state.status === 'deleted') throw new NotFoundError(`schedule ${scheduleId} does not exist`);
  return state;
}

export function createSchedule(command: CreateSchedule, state: ScheduleState | null): ScheduleEvent[] {
  // A schedule id is new by construction; an existing state means a duplicate: nothing new happens.
  if (state) return [];
  return [{ type: 'ScheduleCreated', data: { meta: scheduleMetadata(command.scheduleId, command.meta), ...definitionFields(command.data) } }];
}

export function updateSchedule(command: UpdateSchedule, state: ScheduleState | null): ScheduleEvent[] {
  existing(command.scheduleId, state);
  return [{ type: 'ScheduleUpdated', data: { meta: scheduleMetadata(command.scheduleId, command.meta), ...definitionFields(command.data) } }];
}

export function pauseSchedule(command: PauseSchedule, state: ScheduleState | null): ScheduleEvent[] {
  if (existing(command.scheduleId, state).status === 'paused') {
    throw new ConflictError(`schedule ${command.scheduleId} is already paused`, { context: { status: 'paused' } });
  }
  return [{ type: 'SchedulePaused', data: { meta: scheduleMetadata(command.scheduleId, command.meta) } }];
}

export function resumeSchedule(command: ResumeSchedule, state: ScheduleState | null): ScheduleEvent[] {
  if (existing(command.scheduleId, state).status === 'active') {
    throw new ConflictError(`schedule ${command.scheduleId} is not paused`, { context: { status: 'active' } });
  }
  return [{ type: 'ScheduleResumed', data: { meta: scheduleMetadata(command.scheduleId, command.meta) } }];
}

export function deleteSchedule(command: DeleteSchedule, state: ScheduleState | null): ScheduleEvent[] {
  existing(command.scheduleId, state);
  return [{ type: 'ScheduleDeleted', data: { meta: scheduleMetadata(command.scheduleId, command.meta) } }];
}

/** Routes a schedule command to its decider (pure): 404 NotFoundError for an unknown or deleted schedule, 409 ConflictError for a pause or resume that changes nothing. */
export function decideSchedule(command: ScheduleCommand, state: ScheduleState | null): ScheduleEvent[] {
  switch (command.type) {
    case 'CreateSchedule':
      return createSchedule(command, state);
    case 'UpdateSchedule':
      return updateSchedule(command, state);
    case 'PauseSchedule':
      return pauseSchedule(command, state);
    case 'ResumeSchedule':
      return resumeSchedule(command, state);
    case 'DeleteSchedule':
      return deleteSchedule(command, state);
    default: {
      const _exhaustive: never = command;
      return _exhaustive;
    }
  }
}
