import { body, commandApi } from './client';
import type { JobType } from './types';

/** The job types the command API accepts, with their payload JSON Schemas. */
export async function listJobTypes(): Promise<JobType[]> {
  const res = await body(commandApi().GET('/v1/job-types'));
  // The payload schemas are free-form JSON Schema in the contract; the form reads the subset it knows.
  return res.items as JobType[];
}
