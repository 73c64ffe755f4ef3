import type { JsonObject, MockStore } from './createMockStore';

const waitingStatuses = new Set(['queued', 'retrying']);

/**
 * The queues of the mock (GET /v1/queues), derived from its catalog and jobs, with the pauses and resumes the
 * dashboard sends kept in this closure. Internal.
 */
export function createMockQueues(store: MockStore) {
  const states = new Map<string, { paused: boolean; changedAt: string; changedBy: string }>();
  const catalog = () => (store.catalog.items ?? []) as JsonObject[];

  function list(): JsonObject[] {
    const names = new Set([...catalog().map((t) => String(t.queue)), ...states.keys()]);
    return [...names].sort().map((queue) => {
      const types = catalog().filter((t) => t.queue === queue);
      const typeNames = types.map((t) => String(t.type)).sort();
      const workers = new Map(types.flatMap((t) => (t.workers ?? []) as JsonObject[]).map((w) => [String(w.workerId), w]));
      const jobs = store.jobs.filter((j) => typeNames.includes(String(j.type)));
      const state = states.get(queue);
      return {
        queue, paused: state?.paused ?? false, changedAt: state?.changedAt ?? null, changedBy: state?.changedBy ?? null,
        workers: [...workers.values()], types: typeNames,
        waiting: jobs.filter((j) => waitingStatuses.has(String(j.status))).length,
        finishedLastHour: jobs.filter((j) => j.finishedAt).length,
      };
    });
  }

  /** Pauses or resumes `queue`; answers what the command API answers. */
  function set(queue: string, paused: boolean): JsonObject {
    states.set(queue, { paused, changedAt: new Date().toISOString(), changedBy: 'dashboard' });
    return { queue, paused };
  }

  return { list, set };
}
