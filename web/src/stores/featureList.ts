import { ref, type Ref } from 'vue';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Page, Problem } from '@/api/types';

/**
 * List state shared by the feature stores (dead letters, schedules, replays, load tests):
 * `unavailable` is true when the endpoint answers 404, i.e. the feature is not on this server yet.
 * Used inside setup stores; not a store itself.
 */
export function featureList<T>(fetchPage: (cursor?: string, after?: string | null) => Promise<Page<T>>) {
  const items = ref([]) as Ref<T[]>;
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const unavailable = ref(false);
  const error = ref<Problem | null>(null);

  /** Loads the first page; `after`, a command's log position, makes it include that command's effect. */
  async function load(after?: string | null) {
    loading.value = true;
    try {
      const page = await fetchPage(undefined, after);
      items.value = page.items ?? [];
      nextCursor.value = page.nextCursor ?? null;
      unavailable.value = false;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      if (err instanceof ApiError && err.notFound) {
        unavailable.value = true;
        error.value = null;
      } else error.value = toProblem(err);
    } finally {
      loading.value = false;
    }
  }

  async function loadMore() {
    if (!nextCursor.value) return;
    loading.value = true;
    try {
      const page = await fetchPage(nextCursor.value);
      items.value = [...items.value, ...(page.items ?? [])];
      nextCursor.value = page.nextCursor ?? null;
    } catch (err) {
      error.value = toProblem(err);
    } finally {
      loading.value = false;
    }
  }

  return { items, nextCursor, loading, loaded, unavailable, error, load, loadMore };
}

/** Runs an action, returning its problem (or null); `busy` holds the ids in flight. */
export async function runAction(busy: { value: Set<string> }, id: string, action: () => Promise<unknown>): Promise<Problem | null> {
  busy.value = new Set(busy.value).add(id);
  try {
    await action();
    return null;
  } catch (err) {
    return toProblem(err);
  } finally {
    const s = new Set(busy.value);
    s.delete(id);
    busy.value = s;
  }
}

/**
 * A creation whose answer holds a secret shown once (API keys, webhook secrets): `issued` keeps the
 * answer until `dismissIssued()` (the page is left, or another is created), `creating` and `createError`
 * its progress. `reload` runs after a creation (the list, to show it). Used inside setup stores.
 */
export function issuedOnce<R, T>(issue: (request: R) => Promise<T>, reload: (issued: T) => Promise<void>) {
  const issued = ref(null) as Ref<T | null>;
  const creating = ref(false);
  const createError = ref<Problem | null>(null);

  async function create(request: R): Promise<boolean> {
    creating.value = true;
    createError.value = null;
    try {
      issued.value = await issue(request);
      await reload(issued.value);
      return true;
    } catch (err) {
      createError.value = toProblem(err);
      return false;
    } finally {
      creating.value = false;
    }
  }

  /** Forgets the shown secret (it cannot be read again). */
  function dismissIssued() {
    issued.value = null;
  }

  return { issued, creating, createError, create, dismissIssued };
}
