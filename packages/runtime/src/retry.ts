import { sleep } from './withTimeout';

/** How {@link retry} spaces its attempts. */
export interface RetryOptions {
  /** Wait after the first failure, in milliseconds. */
  initialDelayMs: number;
  /** The wait doubles after each failure up to this, in milliseconds. */
  maxDelayMs: number;
  /** Attempts in all, the first included; default: no limit. */
  maxAttempts?: number;
  /** Asked after each failure; false gives up and rethrows that error (default: always retry). */
  shouldRetry?: (err: unknown) => boolean;
  /** Told of each failure that will be retried, with the wait before the next attempt. */
  onRetry?: (err: unknown, delayMs: number, attempt: number) => void;
  /** Aborting stops the waiting: the last error is rethrown. */
  signal?: AbortSignal;
}

/** The wait after the `failures`-th failure: doubling from `initialDelayMs`, capped at `maxDelayMs` (pure). */
export function retryDelay(failures: number, options: Pick<RetryOptions, 'initialDelayMs' | 'maxDelayMs'>): number {
  return Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
}

/**
 * Runs `attempt` until it resolves, waiting a doubling delay after each failure (public). Gives up —
 * rethrowing the last error — when `maxAttempts` is reached, `shouldRetry` says no, or `signal` aborts.
 */
export async function retry<T>(attempt: (n: number) => Promise<T>, options: RetryOptions): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (err) {
      const last = (options.maxAttempts !== undefined && n >= options.maxAttempts)
        || options.signal?.aborted === true
        || (options.shouldRetry !== undefined && !options.shouldRetry(err));
      if (last) throw err;
      const delayMs = retryDelay(n, options);
      options.onRetry?.(err, delayMs, n);
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw err;
    }
  }
}
