import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getStats, type Stats, type StatsWindow } from '@/api/stats';
import { toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';

/** Statistics of the Overview page: one window and optional job type, refreshed on demand. */
export const useStatsStore = defineStore('stats', () => {
  const window = ref<StatsWindow>('1h');
  const type = ref<string>('');
  const stats = ref<Stats | null>(null);
  const loading = ref(false);
  const error = ref<Problem | null>(null);
  let controller: AbortController | null = null;

  /** Loads the stats; `quiet` keeps the current numbers on screen (periodic refresh). */
  async function load(quiet = false) {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!quiet) loading.value = true;
    try {
      stats.value = await getStats(window.value, type.value || undefined, signal);
      error.value = null;
    } catch (err) {
      if (signal.aborted) return;
      error.value = toProblem(err);
    } finally {
      if (!signal.aborted) loading.value = false;
    }
  }

  function setWindow(w: StatsWindow) {
    window.value = w;
    void load();
  }

  function setType(t: string) {
    type.value = t;
    void load();
  }

  return { window, type, stats, loading, error, load, setWindow, setType };
});
