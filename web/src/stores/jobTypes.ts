import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { listJobTypes } from '@/api/jobTypes';
import { toProblem } from '@/api/ApiError';
import type { JobType, Problem } from '@/api/types';

/** The job types offered by the command API, loaded once and shared by Submit, Jobs and Schedules. */
export const useJobTypesStore = defineStore('jobTypes', () => {
  const items = ref<JobType[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = ref<Problem | null>(null);

  async function load(force = false) {
    if ((loaded.value && !force) || loading.value) return;
    loading.value = true;
    try {
      items.value = await listJobTypes();
      loaded.value = true;
      error.value = null;
    } catch (err) {
      error.value = toProblem(err);
    } finally {
      loading.value = false;
    }
  }

  const names = computed(() => items.value.map((t) => t.type).sort());
  const byName = (type: string) => items.value.find((t) => t.type === type);

  return { items, names, loading, loaded, error, load, byName };
});
