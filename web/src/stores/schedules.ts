import { defineStore } from 'pinia';
import { ref } from 'vue';
import { createSchedule, deleteSchedule, listSchedules, pauseSchedule, resumeSchedule, updateSchedule, type ScheduleInput } from '@/api/schedules';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { featureList, runAction } from './featureList';

/** Cron schedules: list, create, edit, pause/resume, delete. */
export const useSchedulesStore = defineStore('schedules', () => {
  const list = featureList(() => listSchedules());
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const saving = ref(false);
  const saveError = ref<Problem | null>(null);
  const saveFieldErrors = ref<Record<string, string>>({});

  /** Creates (no id) or replaces a schedule; resolves true on success. */
  async function save(input: ScheduleInput, scheduleId?: string): Promise<boolean> {
    saving.value = true;
    saveError.value = null;
    saveFieldErrors.value = {};
    try {
      if (scheduleId) await updateSchedule(scheduleId, input);
      else await createSchedule(input);
      await list.load();
      return true;
    } catch (err) {
      saveError.value = toProblem(err);
      if (err instanceof ApiError && err.problem.errors) {
        saveFieldErrors.value = Object.fromEntries(err.problem.errors.map((e) => [e.path.replace(/^[/#.]+/, '').replace(/\//g, '.'), e.message]));
      }
      return false;
    } finally {
      saving.value = false;
    }
  }

  async function act(scheduleId: string, action: () => Promise<unknown>) {
    actionError.value = await runAction(busy, scheduleId, action);
    if (!actionError.value) await list.load();
  }

  return {
    ...list, busy, actionError, saving, saveError, saveFieldErrors, save,
    pause: (id: string) => act(id, () => pauseSchedule(id)),
    resume: (id: string) => act(id, () => resumeSchedule(id)),
    remove: (id: string) => act(id, () => deleteSchedule(id)),
  };
});
