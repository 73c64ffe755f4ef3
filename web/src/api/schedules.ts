import { request } from './http';
import type { Page, Priority } from './types';

export type CatchUp = 'skip' | 'latest' | 'all';
export const catchUpModes: readonly CatchUp[] = ['skip', 'latest', 'all'];

/** The job a schedule submits at each fire time: a POST /v1/jobs body without runAt. */
export interface JobTemplate {
  type: string;
  payload: unknown;
  priority?: Priority;
  maxAttempts?: number;
  timeoutMs?: number | null;
  concurrencyKey?: string | null;
  backoff?: { kind: 'fixed' | 'exponential'; delayMs: number; maxDelayMs: number } | null;
}

/** A schedule as `GET /v1/schedules` lists it. */
export interface Schedule {
  scheduleId: string;
  name: string;
  cron: string;
  /** IANA time zone the cron expression is read in. */
  timeZone: string;
  jobTemplate: JobTemplate;
  catchUp: CatchUp;
  maxCatchUp: number;
  paused: boolean;
  createdAt: string;
  updatedAt: string;
  lastFiredAt: string | null;
  /** The next 5 fire times computed by the server, ISO 8601; empty while paused. */
  nextFireTimes: string[];
}

/** One fire of a schedule and the status of the job it submitted (null until projected). */
export interface ScheduleRun {
  fireAt: string;
  firedAt: string;
  jobId: string;
  status: string | null;
}

/** `GET /v1/schedules/:id`: the schedule and its last 50 runs, newest first. */
export type ScheduleDetail = Schedule & { runs: ScheduleRun[] };

/** The body of `POST /v1/schedules` and `PUT /v1/schedules/:id` (a full replace). */
export interface ScheduleInput {
  name: string;
  cron: string;
  timeZone: string;
  jobTemplate: JobTemplate;
  catchUp: CatchUp;
  maxCatchUp: number;
}

const path = (id: string, suffix = '') => `/v1/schedules/${encodeURIComponent(id)}${suffix}`;

export function listSchedules(cursor?: string): Promise<Page<Schedule>> {
  return request<Page<Schedule>>('query', '/v1/schedules', { query: { cursor } });
}

export function getSchedule(scheduleId: string, signal?: AbortSignal): Promise<ScheduleDetail> {
  return request<ScheduleDetail>('query', path(scheduleId), { signal });
}

/** 201 with the schedule once ScheduleCreated is durable (the query side shows it a moment later). */
export function createSchedule(input: ScheduleInput): Promise<{ scheduleId: string }> {
  return request('command', '/v1/schedules', { method: 'POST', body: input });
}

export function updateSchedule(scheduleId: string, input: ScheduleInput): Promise<unknown> {
  return request('command', path(scheduleId), { method: 'PUT', body: input });
}

export function deleteSchedule(scheduleId: string): Promise<unknown> {
  return request('command', path(scheduleId), { method: 'DELETE' });
}

export function pauseSchedule(scheduleId: string): Promise<unknown> {
  return request('command', path(scheduleId, '/pause'), { method: 'POST', body: {} });
}

export function resumeSchedule(scheduleId: string): Promise<unknown> {
  return request('command', path(scheduleId, '/resume'), { method: 'POST', body: {} });
}
