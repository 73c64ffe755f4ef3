import { defineStore } from 'pinia';
import { ref } from 'vue';
import { createSchedule, deleteSchedule, listSchedules, pauseSchedule, resumeSchedule, updateSchedule, type ScheduleInput } from '@/api/schedules';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { fieldErrorMap } from '@/utils/pointer';
import { featureList, runAction } from './featureList';

/**
 * Cron schedules: list, create, edit, pause/resume, delete. After a command the list is read with the
 * command's log position (`after`), so it shows the command's effect on the first read.
 */
export const useSchedulesStore = defineStore('schedules', () => {
  const list = featureList((cursor, after) => listSchedules(cursor, after));
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const saving = ref(false);
  const saveError = ref<Problem | null>(null);
  /** The server's field errors by dotted path, e.g. `cron`, `jobTemplate.payload.url`. */
  const saveFieldErrors = ref<Record<string, string>>({});

  /** Creates (no id) or replaces a schedule; resolves true on success. */
  async function save(input: ScheduleInput, scheduleId?: string): Promise<boolean> {
    saving.value = true;
    saveError.value = null;
    saveFieldErrors.value = {};
    try {
      const { position } = scheduleId ? await updateSchedule(scheduleId, input) : await createSchedule(input);
      await list.load(position);
      return true;
    } catch (err) {
      saveError.value = toProblem(err);
      if (err instanceof ApiError) saveFieldErrors.value = fieldErrorMap(err.problem.errors);
      return false;
    } finally {
      saving.value = false;
    }
  }

  function clearSaveErrors() {
    saveError.value = null;
    saveFieldErrors.value = {};
  }

  async function act(scheduleId: string, action: () => Promise<{ position: string | null }>) {
    let position: string | null = null;
    actionError.value = await runAction(busy, scheduleId, async () => ({ position } = await action()));
    if (!actionError.value) await list.load(position);
  }

  return {
    ...list, busy, actionError, saving, saveError, saveFieldErrors, save, clearSaveErrors,
    pause: (id: string) => act(id, () => pauseSchedule(id)),
    resume: (id: string) => act(id, () => resumeSchedule(id)),
    remove: (id: string) => act(id, () => deleteSchedule(id)),
  };
});
