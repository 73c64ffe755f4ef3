import { defineStore } from 'pinia';
import { ref } from 'vue';
import { toProblem } from '@/api/ApiError';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type ApiKeyRequest, type IssuedApiKey } from '@/api/identity';
import type { Problem } from '@/api/types';
import { featureList, runAction } from './featureList';

/**
 * API keys (admin): list (prefix only), create, rotate, revoke. A created or rotated key's secret is held
 * here only until the page is left or another key is issued: it is shown once.
 */
export const useApiKeysStore = defineStore('apiKeys', () => {
  const list = featureList(() => listApiKeys());
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const issued = ref<IssuedApiKey | null>(null);
  const creating = ref(false);
  const createError = ref<Problem | null>(null);

  async function create(request: ApiKeyRequest): Promise<boolean> {
    creating.value = true;
    createError.value = null;
    try {
      issued.value = await createApiKey(request);
      await list.load();
      return true;
    } catch (err) {
      createError.value = toProblem(err);
      return false;
    } finally {
      creating.value = false;
    }
  }

  async function rotate(id: string) {
    actionError.value = await runAction(busy, id, async () => (issued.value = await rotateApiKey(id)));
    await list.load();
  }

  async function revoke(id: string) {
    actionError.value = await runAction(busy, id, () => revokeApiKey(id));
    if (issued.value?.id === id) issued.value = null;
    await list.load();
  }

  /** Forgets the shown secret (it cannot be read again). */
  function dismissIssued() {
    issued.value = null;
  }

  return { ...list, busy, actionError, issued, creating, createError, create, rotate, revoke, dismissIssued };
});
