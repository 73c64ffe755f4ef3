import { body, commandApi, queryApi } from './client';
import type { JobType, QuerySchemas } from './types';

/** A type of the catalog (`GET /v1/job-types` of the query API): its versions, queue, and the workers serving it. */
export type CatalogJobType = QuerySchemas['CatalogJobType'];
export type CatalogWorker = QuerySchemas['CatalogWorker'];

/**
 * The job types the command API accepts, with their payload JSON Schemas: the built-in ones and those workers
 * registered in the catalog at run time, each with its latest version and queue.
 */
export async function listJobTypes(): Promise<JobType[]> {
  const res = await body(commandApi().GET('/v1/job-types'));
  // The payload schemas are free-form JSON Schema in the contract; the form reads the subset it knows.
  return res.items as JobType[];
}

/** The job-type catalog with its workers and when each was last seen. */
export async function listCatalog(): Promise<CatalogJobType[]> {
  return (await body(queryApi().GET('/v1/job-types'))).items;
}
