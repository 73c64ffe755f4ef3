import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { cancelJob, getJob, submitJob } from '@/api/jobs';
import { openJobStream, type StreamState } from '@/api/stream';
import { toProblem } from '@/api/ApiError';
import { finishedStatuses, type JobDetail, type Problem, type SubmitJobRequest } from '@/api/types';
import { debounce } from '@/utils/debounce';

/**
 * One job's page: the job and its timeline, followed live through `GET /v1/stream?jobId=`.
 * Each stream event triggers a (debounced) reload, since the read model holds the full timeline.
 * A job just submitted is read with its submission's log position (`after`): the query API answers once
 * the job is projected, so the first read finds it.
 */
export const useJobStore = defineStore('job', () => {
  const jobId = ref<string | null>(null);
  const job = ref<JobDetail | null>(null);
  const loading = ref(false);
  const error = ref<Problem | null>(null);
  const streamState = ref<StreamState>('closed');
  const actionError = ref<Problem | null>(null);
  const cancelling = ref(false);
  const retrying = ref(false);
  /** The job id of the last retry submitted from this page. */
  const retriedAs = ref<string | null>(null);
  let closeStream: (() => void) | null = null;
  let controller: AbortController | null = null;
  /** The position the first read waits for (the submission's), until the job is shown. */
  let after: string | null = null;
  /** True while the first read waits for the job to reach the read model (just submitted). */
  const waiting = ref(false);

  const finished = computed(() => !!job.value && finishedStatuses.includes(job.value.status));

  async function fetchJob(quiet: boolean) {
    const id = jobId.value;
    if (!id) return;
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!quiet) loading.value = true;
    waiting.value = !job.value && after !== null;
    try {
      const j = await getJob(id, signal, job.value ? null : after);
      if (id !== jobId.value) return;
      job.value = j;
      after = null;
      error.value = null;
    } catch (err) {
      if (signal.aborted) return;
      if (!quiet || !job.value) error.value = toProblem(err);
    } finally {
      if (!signal.aborted) {
        loading.value = false;
        waiting.value = false;
      }
    }
  }

  const refreshSoon = debounce(() => void fetchJob(true), 150);

  /** Shows job `id` and follows it live; `position` is the log position of its submission, when just submitted. */
  function open(id: string, position: string | null = null) {
    close();
    jobId.value = id;
    job.value = null;
    error.value = null;
    actionError.value = null;
    retriedAs.value = null;
    after = position;
    waiting.value = false;
    void fetchJob(false);
    closeStream = openJobStream({
      jobId: id,
      onEvent: (e) => {
        if (e.jobId !== id) return;
        if (job.value) {
          job.value.status = e.status;
          job.value.attempts = e.attempts;
        }
        refreshSoon();
      },
      onState: (s) => {
        // Whenever the stream (re)opens, fetch once: changes between the first read (or while the stream
        // was down) and the subscription are not replayed by the stream. A job that finishes within
        // milliseconds of its submission would otherwise stay shown as queued.
        if (s === 'open') refreshSoon();
        streamState.value = s;
      },
    });
  }

  function close() {
    closeStream?.();
    closeStream = null;
    refreshSoon.cancel();
    controller?.abort();
  }

  function reload() {
    void fetchJob(false);
  }

  async function cancel(reason?: string) {
    if (!jobId.value) return;
    cancelling.value = true;
    actionError.value = null;
    try {
      await cancelJob(jobId.value, reason);
      refreshSoon();
    } catch (err) {
      actionError.value = toProblem(err);
    } finally {
      cancelling.value = false;
    }
  }

  /** Submits the same type, payload and options as a new job; returns its id and log position. */
  async function retry(): Promise<{ jobId: string; position: string | null } | null> {
    const j = job.value;
    if (!j) return null;
    retrying.value = true;
    actionError.value = null;
    try {
      const body: SubmitJobRequest = { type: j.type, payload: j.payload ?? {}, priority: j.priority, maxAttempts: j.maxAttempts };
      if (j.timeoutMs) body.timeoutMs = j.timeoutMs;
      if (j.concurrencyKey) body.concurrencyKey = j.concurrencyKey;
      const { jobId: newId, position } = await submitJob(body);
      retriedAs.value = newId;
      return { jobId: newId, position };
    } catch (err) {
      actionError.value = toProblem(err);
      return null;
    } finally {
      retrying.value = false;
    }
  }

  return { jobId, job, waiting, loading, error, streamState, actionError, cancelling, retrying, retriedAs, finished, open, close, reload, cancel, retry };
});
