import { defineStore } from 'pinia';
import { ref } from 'vue';
import { openJobStream, type StreamState } from '@/api/stream';
import type { JobStatus, JobStreamEvent } from '@/api/types';

type Listener = (event: JobStreamEvent) => void;

type Counter = 'submitted' | 'succeeded' | 'failed' | 'retried' | 'cancelled' | 'dead';
const outcomes: Partial<Record<JobStatus, Counter>> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', dead: 'dead' };
/** How many job ids the counters remember, to count each outcome once. */
const memory = 20_000;

/**
 * Which counters one stream message moves. The projector sends one message per job per batch with the
 * batch's last event type, so a fast job may arrive only as "JobSucceeded": a job first seen in its
 * first attempt counts as submitted too, and outcomes count by status, once per job.
 */
export function countersFor(e: JobStreamEvent, before: JobStatus | undefined): Counter[] {
  const out: Counter[] = [];
  if (before === undefined && (e.eventType === 'JobSubmitted' || e.attempts <= 1)) out.push('submitted');
  if (e.eventType === 'JobRetryScheduled' || (e.status === 'retrying' && before !== 'retrying')) out.push('retried');
  const outcome = outcomes[e.status];
  if (outcome && before !== e.status) out.push(outcome);
  return out;
}

/**
 * The one connection to `GET /v1/stream` shared by every page: connection state for the live
 * indicator, counters since the page opened, and a fan-out to the stores that follow jobs.
 */
export const useLiveStore = defineStore('live', () => {
  const state = ref<StreamState>('closed');
  const counters = ref<Record<Counter, number>>({ submitted: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0 });
  const since = ref(Date.now());
  const lastEventAt = ref<number | null>(null);
  const listeners = new Set<Listener>();
  const seen = new Map<string, JobStatus>();
  let close: (() => void) | null = null;

  function dispatch(event: JobStreamEvent) {
    lastEventAt.value = Date.now();
    for (const key of countersFor(event, seen.get(event.jobId))) counters.value[key] += 1;
    seen.delete(event.jobId);
    seen.set(event.jobId, event.status);
    if (seen.size > memory) seen.delete(seen.keys().next().value as string);
    listeners.forEach((l) => l(event));
  }

  function connect() {
    if (close) return;
    close = openJobStream({ onEvent: dispatch, onState: (s) => (state.value = s) });
  }

  /** Reconnects, e.g. after the API location changed in Settings. */
  function reconnect() {
    close?.();
    close = null;
    connect();
  }

  /** Follows every job event until the returned function is called. */
  function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    connect();
    return () => listeners.delete(listener);
  }

  function resetCounters() {
    counters.value = { submitted: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0 };
    since.value = Date.now();
  }

  return { state, counters, since, lastEventAt, connect, reconnect, subscribe, resetCounters };
});
