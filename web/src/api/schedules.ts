import { answered, body, commandApi, positionOf, queryApi } from './client';
import type { CommandSchemas, Page, QuerySchemas } from './types';

/** A schedule as `GET /v1/schedules` lists it (next 5 fire times computed by the server; empty while paused). */
export type Schedule = QuerySchemas['ScheduleItem'];
export type CatchUp = Schedule['catchUp'];
export const catchUpModes = ['skip', 'latest', 'all'] as const satisfies readonly CatchUp[];

/** The job a schedule submits at each fire time: a POST /v1/jobs body without runAt. */
export type JobTemplate = QuerySchemas['JobTemplate'];

/** One fire of a schedule and the status of the job it submitted (null until projected). */
export type ScheduleRun = QuerySchemas['ScheduleRun'];

/** `GET /v1/schedules/:id`: the schedule and its last 50 runs, newest first. */
export type ScheduleDetail = Schedule & { runs: ScheduleRun[] };

/** The body of `POST /v1/schedules` and `PUT /v1/schedules/:id` (a full replace). */
export type ScheduleInput = CommandSchemas['ScheduleDefinition'];

/** A schedule command's answer: the log position of its event (`Conveyor-Position`), for reading it back. */
export interface Acknowledged {
  position: string | null;
}

const idParams = (id: string) => ({ params: { path: { id } } });

/** A page of schedules; `after` (a command's position) waits until the list shows that command's effect. */
export async function listSchedules(cursor?: string, after?: string | null): Promise<Page<Schedule>> {
  return body(queryApi().GET('/v1/schedules', { params: { query: { cursor, after: after ?? undefined } } }));
}

/** One schedule and its runs; `after` (a command's position) waits until the schedule shows its effect. */
export async function getSchedule(scheduleId: string, signal?: AbortSignal, after?: string | null): Promise<ScheduleDetail> {
  const schedule = await body(queryApi().GET('/v1/schedules/{id}', { params: { path: { id: scheduleId }, query: { after: after ?? undefined } }, signal }));
  return { ...schedule, runs: schedule.runs ?? [] };
}

/** 201 with the schedule once ScheduleCreated is durable; `position` reads it back from the query API. */
export async function createSchedule(input: ScheduleInput): Promise<{ scheduleId: string } & Acknowledged> {
  const { data, response } = await answered(commandApi().POST('/v1/schedules', { body: input }));
  return { scheduleId: data.scheduleId, position: positionOf(response) };
}

export async function updateSchedule(scheduleId: string, input: ScheduleInput): Promise<Acknowledged> {
  const { response } = await answered(commandApi().PUT('/v1/schedules/{id}', { ...idParams(scheduleId), body: input }));
  return { position: positionOf(response) };
}

export async function deleteSchedule(scheduleId: string): Promise<Acknowledged> {
  const { response } = await answered(commandApi().DELETE('/v1/schedules/{id}', idParams(scheduleId)));
  return { position: positionOf(response) };
}

export async function pauseSchedule(scheduleId: string): Promise<Acknowledged> {
  const { response } = await answered(commandApi().POST('/v1/schedules/{id}/pause', idParams(scheduleId)));
  return { position: positionOf(response) };
}

export async function resumeSchedule(scheduleId: string): Promise<Acknowledged> {
  const { response } = await answered(commandApi().POST('/v1/schedules/{id}/resume', idParams(scheduleId)));
  return { position: positionOf(response) };
}
