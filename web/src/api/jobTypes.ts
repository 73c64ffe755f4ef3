import { request } from './http';
import type { JobType } from './types';

/** The job types the command API accepts, with their payload JSON Schemas. */
export async function listJobTypes(): Promise<JobType[]> {
  const res = await request<{ items: JobType[] }>('command', '/v1/job-types');
  return res.items;
}
