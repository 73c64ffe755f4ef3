import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { getReplay, listReplays, listSnapshots, runningStatuses, startReplay, type Replay, type ReplayRequest, type Snapshot } from '@/api/replays';
import { ApiError, toProblem } from '@/api/ApiError';
import type { Problem } from '@/api/types';
import { fieldErrorMap } from '@/utils/pointer';
import { featureList } from './featureList';

/** How often runs in progress are polled, in milliseconds. */
export const replayPollMs = 1000;

/**
 * Replays of the event log: the runs (polled every second while one is requested or running), one run
 * in detail, the as-of snapshots, and starting a run (a redrive can be previewed by a dry run first).
 */
export const useReplaysStore = defineStore('replays', () => {
  const list = featureList((cursor) => listReplays(cursor));
  const starting = ref(false);
  const startError = ref<Problem | null>(null);
  const startFieldErrors = ref<Record<string, string>>({});
  const startUnavailable = ref(false);

  const selectedId = ref<string | null>(null);
  const selected = ref<Replay | null>(null);
  const selectedError = ref<Problem | null>(null);
  /** The dry run previewing a redrive, and the request to send for real once it looks right. */
  const preview = ref<{ replayId: string; request: ReplayRequest } | null>(null);

  const snapshots = ref<Snapshot[]>([]);
  const snapshotsError = ref<Problem | null>(null);
  const snapshotsUnavailable = ref(false);

  const isRunning = (r: Replay | null | undefined) => !!r && runningStatuses.includes(r.status);
  const anyRunning = computed(() => list.items.value.some(isRunning) || isRunning(selected.value));

  async function loadSelected() {
    const id = selectedId.value;
    if (!id) return;
    try {
      const r = await getReplay(id);
      if (id === selectedId.value) selected.value = r;
      selectedError.value = null;
    } catch (err) {
      selectedError.value = toProblem(err);
    }
  }

  async function loadSnapshots() {
    try {
      snapshots.value = (await listSnapshots()).items;
      snapshotsError.value = null;
      snapshotsUnavailable.value = false;
    } catch (err) {
      if (err instanceof ApiError && err.notFound) snapshotsUnavailable.value = true;
      else snapshotsError.value = toProblem(err);
    }
  }

  function select(id: string | null) {
    selectedId.value = id;
    selected.value = list.items.value.find((r) => r.replayId === id) ?? null;
    selectedError.value = null;
    void loadSelected();
  }

  async function start(body: ReplayRequest, options: { preview?: boolean } = {}): Promise<string | null> {
    starting.value = true;
    startError.value = null;
    startFieldErrors.value = {};
    try {
      const res = await startReplay(body);
      startUnavailable.value = false;
      preview.value = options.preview ? { replayId: res.replayId, request: { ...body, dryRun: false } } : null;
      await list.load();
      select(res.replayId);
      return res.replayId;
    } catch (err) {
      if (err instanceof ApiError && err.notFound) startUnavailable.value = true;
      else {
        startError.value = toProblem(err);
        if (err instanceof ApiError) startFieldErrors.value = fieldErrorMap(err.problem.errors);
      }
      return null;
    } finally {
      starting.value = false;
    }
  }

  // Polling: every second while a run is requested or running (and the page is open).
  let timer: ReturnType<typeof setInterval> | undefined;
  let ticking = false;
  async function tick() {
    if (ticking || !anyRunning.value) return;
    ticking = true;
    try {
      const wasRunning = list.items.value.some(isRunning);
      await Promise.all([list.load(), loadSelected()]);
      // A run that just finished may have built a snapshot.
      if (wasRunning && !list.items.value.some(isRunning)) await loadSnapshots();
    } finally {
      ticking = false;
    }
  }
  function startPolling() {
    stopPolling();
    timer = setInterval(() => void tick(), replayPollMs);
  }
  function stopPolling() {
    clearInterval(timer);
    timer = undefined;
  }

  /** Checks every endpoint again (the page's "check again" after a 404). */
  async function loadAll() {
    await list.load();
    // Snapshots come with the runs: no need to ask (and log a 404) while replay is not on the server.
    if (!list.unavailable.value) await loadSnapshots();
  }

  return {
    ...list, loadAll, starting, startError, startFieldErrors, startUnavailable, start, preview,
    selectedId, selected, selectedError, select, isRunning, anyRunning,
    snapshots, snapshotsError, snapshotsUnavailable, loadSnapshots, startPolling, stopPolling,
  };
});
