import { defineStore } from 'pinia';
import { ref } from 'vue';
import { createApiKey, listApiKeys, revokeApiKey, rotateApiKey, type ApiKeyRequest } from '@/api/identity';
import type { Problem } from '@/api/types';
import { featureList, issuedOnce, runAction } from './featureList';

/**
 * API keys (admin): list (prefix only), create, rotate, revoke. A created or rotated key's secret is held
 * here only until the page is left or another key is issued: it is shown once.
 */
export const useApiKeysStore = defineStore('apiKeys', () => {
  const list = featureList(() => listApiKeys());
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const issuing = issuedOnce((request: ApiKeyRequest) => createApiKey(request), () => list.load());
  const { issued } = issuing;

  async function rotate(id: string) {
    actionError.value = await runAction(busy, id, async () => (issued.value = await rotateApiKey(id)));
    await list.load();
  }

  async function revoke(id: string) {
    actionError.value = await runAction(busy, id, () => revokeApiKey(id));
    if (issued.value?.id === id) issued.value = null;
    await list.load();
  }

  return { ...list, ...issuing, busy, actionError, rotate, revoke };
});
