import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listReplays, startReplay, type ReplayRequest } from '@/api/replays';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { featureList } from './featureList';

/** Replays of the event log: their runs and a form to start one. */
export const useReplaysStore = defineStore('replays', () => {
  const list = featureList(() => listReplays());
  const starting = ref(false);
  const startError = ref<Problem | null>(null);
  const startUnavailable = ref(false);
  const started = ref<string | null>(null);

  async function start(body: ReplayRequest) {
    starting.value = true;
    startError.value = null;
    started.value = null;
    try {
      const res = await startReplay(body);
      started.value = res.replayId ?? 'started';
      await list.load();
    } catch (err) {
      if (err instanceof ApiError && err.notFound) startUnavailable.value = true;
      else startError.value = toProblem(err);
    } finally {
      starting.value = false;
    }
  }

  return { ...list, starting, startError, startUnavailable, started, start };
});
