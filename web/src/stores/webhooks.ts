import { defineStore } from 'pinia';
import { ref } from 'vue';
import { toProblem } from '@/api/ApiError';
import {
  createWebhook, deleteWebhook, listWebhookDeliveries, listWebhooks, testWebhook, type WebhookDelivery, type WebhookRequest,
} from '@/api/webhooks';
import type { Problem } from '@/api/types';
import { featureList, issuedOnce, runAction } from './featureList';

/**
 * Webhook subscriptions (operators manage, viewers read): list, create (the secret held here only until
 * the page is left or another is created: it is shown once), send a test event, delete, and the
 * delivery history of the subscription opened.
 */
export const useWebhooksStore = defineStore('webhooks', () => {
  const list = featureList(listWebhooks);
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const issuing = issuedOnce((request: WebhookRequest) => createWebhook(request), (created) => list.load(created.position));
  const { issued } = issuing;
  /** The subscription whose history is shown, and that history. */
  const openId = ref<string | null>(null);
  const deliveries = ref<WebhookDelivery[]>([]);
  const deliveriesError = ref<Problem | null>(null);

  async function loadDeliveries(after?: string | null) {
    if (!openId.value) return;
    try {
      deliveries.value = await listWebhookDeliveries(openId.value, after);
      deliveriesError.value = null;
    } catch (err) {
      deliveriesError.value = toProblem(err);
    }
  }

  async function open(id: string | null) {
    openId.value = id;
    deliveries.value = [];
    await loadDeliveries();
  }

  /** Sends a test event and shows the subscription's history once it holds the test delivery (`?after=`). */
  async function sendTest(id: string) {
    let position: string | null = null;
    actionError.value = await runAction(busy, id, async () => ({ position } = await testWebhook(id)));
    if (openId.value !== id) {
      openId.value = id;
      deliveries.value = [];
    }
    await loadDeliveries(position);
  }

  async function remove(id: string) {
    let position: string | null = null;
    actionError.value = await runAction(busy, id, async () => ({ position } = await deleteWebhook(id)));
    if (issued.value?.id === id) issued.value = null;
    if (openId.value === id) await open(null);
    await list.load(position);
  }

  return { ...list, ...issuing, busy, actionError, openId, deliveries, deliveriesError, open, loadDeliveries, sendTest, remove };
});
