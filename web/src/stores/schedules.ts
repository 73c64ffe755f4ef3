import { defineStore } from 'pinia';
import { ref } from 'vue';
import { createSchedule, deleteSchedule, listSchedules, pauseSchedule, resumeSchedule, updateSchedule, type ScheduleInput } from '@/api/schedules';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { fieldErrorMap } from '@/utils/pointer';
import { featureList, runAction } from './featureList';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Cron schedules: list, create, edit, pause/resume, delete. */
export const useSchedulesStore = defineStore('schedules', () => {
  const list = featureList((cursor) => listSchedules(cursor));
  const find = (id: string) => list.items.value.find((s) => s.scheduleId === id);
  const busy = ref<Set<string>>(new Set());
  const actionError = ref<Problem | null>(null);
  const saving = ref(false);
  const saveError = ref<Problem | null>(null);
  /** The server's field errors by dotted path, e.g. `cron`, `jobTemplate.payload.url`. */
  const saveFieldErrors = ref<Record<string, string>>({});

  /**
   * Reloads the list until `done` holds for it (the query side projects a command a moment after the
   * command API acknowledged it), at most about `timeoutMs`.
   */
  async function reloadUntil(done: () => boolean, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    await list.load();
    while (!done() && Date.now() < deadline) {
      await sleep(250);
      await list.load();
    }
  }

  /** Creates (no id) or replaces a schedule; resolves true on success. */
  async function save(input: ScheduleInput, scheduleId?: string): Promise<boolean> {
    saving.value = true;
    saveError.value = null;
    saveFieldErrors.value = {};
    try {
      if (scheduleId) {
        const previous = find(scheduleId)?.updatedAt;
        await updateSchedule(scheduleId, input);
        await reloadUntil(() => find(scheduleId)?.updatedAt !== previous);
      } else {
        const created = await createSchedule(input);
        await reloadUntil(() => list.items.value.some((s) => s.scheduleId === created.scheduleId));
      }
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

  async function act(scheduleId: string, action: () => Promise<unknown>, done: () => boolean) {
    actionError.value = await runAction(busy, scheduleId, action);
    if (!actionError.value) await reloadUntil(done);
  }

  return {
    ...list, busy, actionError, saving, saveError, saveFieldErrors, save, clearSaveErrors, reloadUntil,
    pause: (id: string) => act(id, () => pauseSchedule(id), () => find(id)?.paused !== false),
    resume: (id: string) => act(id, () => resumeSchedule(id), () => find(id)?.paused !== true),
    remove: (id: string) => act(id, () => deleteSchedule(id), () => !find(id)),
  };
});
