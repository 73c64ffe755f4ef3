import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listQueues, pauseQueue, resumeQueue, type Queue } from '@/api/queues';
import { toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { runAction } from './featureList';

/**
 * The queues: list, pause and resume. After a command the list is read with the command's log position
 * (`after`), so it shows the change on the first read.
 */
export const useQueuesStore = defineStore('queues', () => {
  const items = ref<Queue[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<Problem | null>(null);
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);

  /** Loads every queue; `after`, a command's log position, makes the list include that command's effect. */
  async function load(after?: string | null) {
    loading.value = true;
    try {
      items.value = await listQueues(after);
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toProblem(err);
    } finally {
      loading.value = false;
    }
  }

  async function act(queue: string, action: () => Promise<{ position: string | null }>) {
    let position: string | null = null;
    actionError.value = await runAction(busy, queue, async () => ({ position } = await action()));
    if (!actionError.value) await load(position);
  }

  return {
    items, loading, loaded, error, busy, actionError, load,
    pause: (queue: string) => act(queue, () => pauseQueue(queue)),
    resume: (queue: string) => act(queue, () => resumeQueue(queue)),
  };
});
