import { setTimeout as delay } from 'node:timers/promises';

/** The `sleep` port: waits `ms` milliseconds, or rejects with the signal's reason once it aborts. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  await delay(ms, undefined, { signal }).catch((err: unknown) => {
    throw signal.aborted ? signal.reason : err;
  });
}
