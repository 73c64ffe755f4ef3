import { defineStore } from 'pinia';
import { ref } from 'vue';
import { discardDeadLetter, listDeadLetters, requeueDeadLetter } from '@/api/deadLetters';
import type { Problem } from '@/api/types';
import { featureList, runAction } from './featureList';

/** Dead letters with their requeue and discard actions. */
export const useDeadLettersStore = defineStore('deadLetters', () => {
  const list = featureList((cursor) => listDeadLetters({ cursor, limit: 50 }));
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const notice = ref<string | null>(null);

  async function act(jobId: string, verb: 'requeue' | 'discard') {
    notice.value = null;
    actionError.value = await runAction(busy, jobId, () => (verb === 'requeue' ? requeueDeadLetter(jobId) : discardDeadLetter(jobId)));
    if (!actionError.value) {
      notice.value = verb === 'requeue' ? `Job ${jobId} was requeued.` : `Dead letter ${jobId} was discarded.`;
      list.items.value = list.items.value.filter((d) => d.jobId !== jobId);
    }
  }

  return { ...list, busy, actionError, notice, requeue: (id: string) => act(id, 'requeue'), discard: (id: string) => act(id, 'discard') };
});
