import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getSchedule, type ScheduleDetail } from '@/api/schedules';
import { toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';

/** One schedule's page: the schedule and its past runs. */
export const useScheduleStore = defineStore('schedule', () => {
  const schedule = ref<ScheduleDetail | null>(null);
  const loading = ref(false);
  const error = ref<Problem | null>(null);
  let controller: AbortController | null = null;
  let current: string | null = null;

  /** Loads schedule `id` (quietly keeps the shown one while reloading the same id). */
  async function load(id: string) {
    if (id !== current) schedule.value = null;
    current = id;
    controller?.abort();
    controller = new AbortController();
    const { signal } = controller;
    loading.value = true;
    try {
      const s = await getSchedule(id, signal);
      if (id !== current) return;
      schedule.value = s;
      error.value = null;
    } catch (err) {
      if (signal.aborted) return;
      error.value = toProblem(err);
    } finally {
      if (!signal.aborted) loading.value = false;
    }
  }

  function close() {
    controller?.abort();
    current = null;
  }

  return { schedule, loading, error, load, close };
});
