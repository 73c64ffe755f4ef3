import { apiUrl } from './client';
import { currentBearer } from './credentials';
import type { JobStreamEvent } from './types';

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface JobStreamOptions {
  /** Only this job's events (`?jobId=`). */
  jobId?: string;
  onEvent: (event: JobStreamEvent) => void;
  onState?: (state: StreamState) => void;
}

const maxDelayMs = 30_000;

/**
 * Follows `GET /v1/stream` with an EventSource. The browser retries dropped connections by itself;
 * when it gives up (an HTTP error closes the source for good) we open a new one with capped
 * exponential backoff. Returns a function that closes the stream.
 */
export function openJobStream(options: JobStreamOptions): () => void {
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  let stopped = false;

  const setState = (s: StreamState) => options.onState?.(s);

  const connect = () => {
    if (stopped) return;
    setState(failures ? 'reconnecting' : 'connecting');
    // EventSource cannot send headers: the stream takes the credential as ?access_token= (issue 11).
    source = new EventSource(apiUrl('query', '/v1/stream', { jobId: options.jobId, access_token: currentBearer() ?? undefined }));
    source.onopen = () => {
      failures = 0;
      setState('open');
    };
    source.addEventListener('job', (e) => {
      try {
        options.onEvent(JSON.parse((e as MessageEvent<string>).data) as JobStreamEvent);
      } catch {
        // A malformed message is skipped; the next one may be fine.
      }
    });
    source.onerror = () => {
      if (stopped || !source) return;
      if (source.readyState === EventSource.CONNECTING) {
        setState('reconnecting');
        return;
      }
      source.close();
      failures += 1;
      setState('reconnecting');
      const delay = Math.min(maxDelayMs, 1000 * 2 ** Math.min(failures - 1, 5));
      timer = setTimeout(connect, delay);
    };
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    setState('closed');
  };
}
