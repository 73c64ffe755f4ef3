import { request } from './http';
import type { JobOptions, Page } from './types';

/** A cron schedule that submits a job of `type` at each fire time. */
export interface Schedule {
  scheduleId: string;
  name?: string;
  cron: string;
  timezone?: string;
  type: string;
  payload: unknown;
  options?: JobOptions;
  paused?: boolean;
  nextRunAt?: string | null;
  lastRunAt?: string | null;
  createdAt?: string;
  updatedAt?: string;
  [key: string]: unknown;
}

export interface ScheduleInput {
  name?: string;
  cron: string;
  timezone?: string;
  type: string;
  payload: unknown;
  options?: JobOptions;
}

export function listSchedules(): Promise<Page<Schedule>> {
  return request<Page<Schedule>>('query', '/v1/schedules');
}

export function createSchedule(input: ScheduleInput): Promise<{ scheduleId: string }> {
  return request('command', '/v1/schedules', { method: 'POST', body: input });
}

export function updateSchedule(scheduleId: string, input: ScheduleInput): Promise<unknown> {
  return request('command', `/v1/schedules/${encodeURIComponent(scheduleId)}`, { method: 'PUT', body: input });
}

export function deleteSchedule(scheduleId: string): Promise<unknown> {
  return request('command', `/v1/schedules/${encodeURIComponent(scheduleId)}`, { method: 'DELETE' });
}

export function pauseSchedule(scheduleId: string): Promise<unknown> {
  return request('command', `/v1/schedules/${encodeURIComponent(scheduleId)}/pause`, { method: 'POST', body: {} });
}

export function resumeSchedule(scheduleId: string): Promise<unknown> {
  return request('command', `/v1/schedules/${encodeURIComponent(scheduleId)}/resume`, { method: 'POST', body: {} });
}
