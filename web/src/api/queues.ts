import { answered, body, commandApi, positionOf, queryApi } from './client';
import type { QuerySchemas } from './types';

/** A queue as `GET /v1/queues` lists it: paused or not, its workers, types, waiting jobs and jobs finished in the last hour. */
export type Queue = QuerySchemas['Queue'];

/** Every queue; `after` (a pause's or resume's position) waits until the list shows that command. */
export async function listQueues(after?: string | null): Promise<Queue[]> {
  return (await body(queryApi().GET('/v1/queues', { params: { query: { after: after ?? undefined } } }))).items;
}

/** Pauses a queue (operators): its workers stop fetching its work; answers the position to read it back. */
export async function pauseQueue(queue: string): Promise<{ position: string | null }> {
  const { response } = await answered(commandApi().POST('/v1/queues/{queue}/pause', { params: { path: { queue } }, body: {} }));
  return { position: positionOf(response) };
}

/** Resumes a paused queue (operators); answers the position to read it back. */
export async function resumeQueue(queue: string): Promise<{ position: string | null }> {
  const { response } = await answered(commandApi().POST('/v1/queues/{queue}/resume', { params: { path: { queue } } }));
  return { position: positionOf(response) };
}
