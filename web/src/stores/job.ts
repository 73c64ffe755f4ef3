import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { cancelJob, getJob, submitJob } from '@/api/jobs';
import { openJobStream, type StreamState } from '@/api/stream';
import { ApiError, toProblem } from '@/api/ApiError';
import { finishedStatuses, type JobDetail, type Problem, type SubmitJobRequest } from '@/api/types';
import { debounce } from '@/utils/debounce';

/**
 * One job's page: the job and its timeline, followed live through `GET /v1/stream?jobId=`.
 * Each stream event triggers a (debounced) reload, since the read model holds the full timeline.
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
  let notFoundRetries = 0;
  /** True while a job id is not in the read model yet (just submitted). */
  const waiting = ref(false);
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const finished = computed(() => !!job.value && finishedStatuses.includes(job.value.status));

  async function fetchJob(quiet: boolean) {
    const id = jobId.value;
    if (!id) return;
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!quiet) loading.value = true;
    try {
      // Until the job is known, let the query API wait for its projection instead of answering 404.
      const j = await getJob(id, signal, job.value ? 0 : 5000);
      if (id !== jobId.value) return;
      job.value = j;
      error.value = null;
      waiting.value = false;
    } catch (err) {
      if (signal.aborted) return;
      // A job just submitted may not be projected yet: keep looking for a minute before saying 404.
      if (err instanceof ApiError && err.notFound && !job.value && notFoundRetries < 60) {
        notFoundRetries += 1;
        waiting.value = true;
        retryTimer = setTimeout(() => void fetchJob(true), 1000);
        return;
      }
      waiting.value = false;
      if (!quiet || !job.value) error.value = toProblem(err);
    } finally {
      if (!signal.aborted) loading.value = false;
    }
  }

  const refreshSoon = debounce(() => void fetchJob(true), 150);

  /** Shows job `id` and follows it live. */
  function open(id: string) {
    close();
    jobId.value = id;
    job.value = null;
    error.value = null;
    actionError.value = null;
    retriedAs.value = null;
    notFoundRetries = 0;
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
    clearTimeout(retryTimer);
    controller?.abort();
  }

  function reload() {
    notFoundRetries = 0;
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

  /** Submits the same type, payload and options as a new job; returns its id. */
  async function retry(): Promise<string | null> {
    const j = job.value;
    if (!j) return null;
    retrying.value = true;
    actionError.value = null;
    try {
      const body: SubmitJobRequest = { type: j.type, payload: j.payload ?? {}, priority: j.priority, maxAttempts: j.maxAttempts };
      if (j.timeoutMs) body.timeoutMs = j.timeoutMs;
      if (j.concurrencyKey) body.concurrencyKey = j.concurrencyKey;
      const res = await submitJob(body);
      retriedAs.value = res.jobId;
      return res.jobId;
    } catch (err) {
      actionError.value = toProblem(err);
      return null;
    } finally {
      retrying.value = false;
    }
  }

  return { jobId, job, waiting, loading, error, streamState, actionError, cancelling, retrying, retriedAs, finished, open, close, reload, cancel, retry };
});
