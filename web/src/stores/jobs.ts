import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { listJobs } from '@/api/jobs';
import { toProblem } from '@/api/ApiError';
import type { Job, JobStreamEvent, Problem } from '@/api/types';
import { emptyFilters, filtersToApi, matchesFilters, type JobFilters } from '@/utils/jobFilters';
import { useLiveStore } from './live';

const pageSize = 50;

/**
 * The Jobs list: one page at a time (keyset cursors), kept live by the shared stream. Rows
 * already on screen update in place; new jobs are counted for the "N new jobs" pill instead
 * of pushing the rows down while someone reads them.
 */
export const useJobsStore = defineStore('jobs', () => {
  const filters = ref<JobFilters>(emptyFilters());
  const items = ref<Job[]>([]);
  const nextCursor = ref<string | null>(null);
  /** Cursors of the pages before this one, for Previous. */
  const previous = ref<string[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<Problem | null>(null);
  const newCount = ref(0);
  /** Job ids changed by the stream lately, for a brief highlight. */
  const flashed = ref<Set<string>>(new Set());
  let controller: AbortController | null = null;
  let unsubscribe: (() => void) | null = null;

  async function load(next: JobFilters = filters.value) {
    const sameList = JSON.stringify({ ...next, cursor: '' }) === JSON.stringify({ ...filters.value, cursor: '' });
    if (!sameList) previous.value = [];
    filters.value = next;
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    loading.value = true;
    try {
      const page = await listJobs(filtersToApi(next, Date.now(), pageSize), signal);
      items.value = page.items;
      nextCursor.value = page.nextCursor;
      newCount.value = 0;
      error.value = null;
      loaded.value = true;
    } catch (err) {
      if (signal.aborted) return;
      error.value = toProblem(err);
    } finally {
      if (!signal.aborted) loading.value = false;
    }
  }

  /** Filters of the next page, remembering this page's cursor for Previous. */
  function nextPage(): JobFilters | null {
    if (!nextCursor.value) return null;
    previous.value = [...previous.value, filters.value.cursor];
    return { ...filters.value, cursor: nextCursor.value };
  }

  /** Filters of the previous page ('' cursor = first page). */
  function previousPage(): JobFilters | null {
    if (!filters.value.cursor) return null;
    const stack = [...previous.value];
    const cursor = stack.pop() ?? '';
    previous.value = stack;
    return { ...filters.value, cursor };
  }

  function onEvent(e: JobStreamEvent) {
    const row = items.value.find((j) => j.jobId === e.jobId);
    if (row) {
      // Events may arrive out of order across partitions of different jobs, never for one job.
      row.status = e.status;
      row.attempts = e.attempts;
      row.updatedAt = e.occurredAt;
      flash(e.jobId);
    } else if (e.eventType === 'JobSubmitted' && !filters.value.cursor && filters.value.sort !== 'submittedAt' && matchesFilters(filters.value, e)) {
      newCount.value += 1;
    }
  }

  function flash(jobId: string) {
    flashed.value = new Set(flashed.value).add(jobId);
    setTimeout(() => {
      const s = new Set(flashed.value);
      s.delete(jobId);
      flashed.value = s;
    }, 1500);
  }

  const live = useLiveStore();
  // Changes sent while the stream was down are lost: reload the page once it is back.
  watch(() => live.state, (state, before) => {
    if (unsubscribe && state === 'open' && before === 'reconnecting') void load();
  });

  /** Starts following the stream (the page calls `stopLive` when it leaves). */
  function startLive() {
    unsubscribe ??= live.subscribe(onEvent);
  }

  function stopLive() {
    unsubscribe?.();
    unsubscribe = null;
    controller?.abort();
  }

  return { filters, items, nextCursor, previous, loading, loaded, error, newCount, flashed, load, nextPage, previousPage, startLive, stopLive };
});
