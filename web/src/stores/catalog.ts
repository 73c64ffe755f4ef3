import { defineStore } from 'pinia';
import { computed } from 'vue';
import { listCatalog } from '@/api/jobTypes';
import { featureList } from './featureList';

/** The job-type catalog (the Job types page): types, versions, queues, and the workers serving them. */
export const useCatalogStore = defineStore('catalog', () => {
  const list = featureList(async () => ({ items: await listCatalog(), nextCursor: null }));
  /** Every worker once, with the types it serves, most recently seen first. */
  const workers = computed(() => {
    const byId = new Map<string, { workerId: string; host: string; queues: string[]; lastSeenAt: string; types: string[] }>();
    for (const t of list.items.value) {
      for (const w of t.workers) {
        const known = byId.get(w.workerId) ?? { ...w, types: [] };
        known.types.push(t.type);
        byId.set(w.workerId, known);
      }
    }
    return [...byId.values()].sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  });
  return { ...list, workers };
});
