import { defineStore } from 'pinia';
import { ref } from 'vue';
import { openJobStream, type StreamState } from '@/api/stream';
import type { JobStreamEvent } from '@/api/types';

type Listener = (event: JobStreamEvent) => void;

/** Event types counted by the live counters. */
const counted = { JobSubmitted: 'submitted', JobSucceeded: 'succeeded', JobFailed: 'failed', JobRetryScheduled: 'retried', JobCancelled: 'cancelled', JobDeadLettered: 'dead' } as const;
type Counter = (typeof counted)[keyof typeof counted];

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
  let close: (() => void) | null = null;

  function dispatch(event: JobStreamEvent) {
    lastEventAt.value = Date.now();
    const key = counted[event.eventType as keyof typeof counted];
    if (key) counters.value[key] += 1;
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
