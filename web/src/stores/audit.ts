import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listAudit, type AuditFilter } from '@/api/identity';
import { featureList } from './featureList';

/** The audit trail (who did what, when), newest first, filtered by actor and action, a page at a time. */
export const useAuditStore = defineStore('audit', () => {
  const filter = ref<AuditFilter>({});
  const list = featureList((cursor) => listAudit(filter.value, cursor));

  function apply(next: AuditFilter) {
    filter.value = { actor: next.actor?.trim() || undefined, action: next.action?.trim() || undefined };
    return list.load();
  }

  return { ...list, filter, apply };
});
