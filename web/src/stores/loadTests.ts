import { defineStore } from 'pinia';
import { ref } from 'vue';
import { getLoadTest, listLoadTests, type LoadTestRun } from '@/api/loadTests';
import { toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { featureList } from './featureList';

/** Recorded load-test runs, and one run's full results (latency distributions, timeline). */
export const useLoadTestsStore = defineStore('loadTests', () => {
  const list = featureList((cursor) => listLoadTests(cursor));
  const selectedId = ref<string | null>(null);
  const run = ref<LoadTestRun | null>(null);
  const runError = ref<Problem | null>(null);
  let controller: AbortController | null = null;

  /** Shows run `id` in full; again (or null) closes it, unless `reload`. */
  async function select(id: string | null, reload = false) {
    controller?.abort();
    if (!id || (id === selectedId.value && !reload)) {
      selectedId.value = null;
      run.value = null;
      return;
    }
    selectedId.value = id;
    run.value = null;
    runError.value = null;
    controller = new AbortController();
    const { signal } = controller;
    try {
      const r = await getLoadTest(id, signal);
      if (id === selectedId.value) run.value = r;
    } catch (err) {
      if (!signal.aborted) runError.value = toProblem(err);
    }
  }

  return { ...list, selectedId, run, runError, select };
});
