/** Why an attempt's signal aborted. */
export type AbortReason = 'timeout' | 'cancelled' | 'shutdown';

/** Raised through the signal when an attempt runs past its timeout. */
export class AttemptTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  readonly retriable = true;
  constructor(readonly timeoutMs: number) {
    super(`the attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/** Raised through the signal when the job is cancelled or the process stops without draining. */
export class AttemptAbortedError extends Error {
  constructor(readonly reason: Exclude<AbortReason, 'timeout'>) {
    super(`the attempt was aborted (${reason})`);
    this.name = 'AttemptAbortedError';
  }
}

/**
 * The abort signal of one attempt: aborts after `timeoutMs` (in milliseconds; null = never) with an
 * {@link AttemptTimeoutError}, or on `abort('cancelled' | 'shutdown')`. `reason()` tells which came
 * first; `dispose()` clears the timer once the attempt is over.
 */
export function createAttemptSignal(timeoutMs: number | null) {
  const controller = new AbortController();
  let reason: AbortReason | undefined;
  const timer = timeoutMs === null ? undefined : setTimeout(() => {
    reason ??= 'timeout';
    controller.abort(new AttemptTimeoutError(timeoutMs));
  }, timeoutMs);
  timer?.unref();
  return {
    signal: controller.signal,
    reason: () => reason,
    abort(why: Exclude<AbortReason, 'timeout'>): void {
      if (reason) return;
      reason = why;
      controller.abort(new AttemptAbortedError(why));
    },
    dispose(): void {
      if (timer) clearTimeout(timer);
    },
  };
}

export type AttemptSignal = ReturnType<typeof createAttemptSignal>;

/**
 * Runs `work` but settles as soon as `signal` aborts, rejecting with the abort reason: a handler that
 * ignores its signal (a CPU loop, a library without abort support) still frees its slot on time.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => { signal.removeEventListener('abort', onAbort); resolve(v); },
      (e) => { signal.removeEventListener('abort', onAbort); reject(e); },
    );
  });
}
