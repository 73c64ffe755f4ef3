import type { Backoff } from '@conveyor/events';

/** The default retry backoff: exponential from 1 s, capped at 5 minutes. */
export const defaultBackoff: Backoff = { kind: 'exponential', delayMs: 1000, maxDelayMs: 300_000 };

/**
 * Delay before the next attempt, in milliseconds (pure: `random` is injected, 0 ≤ random < 1).
 * Fixed: always `delayMs`. Exponential: `delayMs * 2^(attempt-1)` capped at `maxDelayMs`, with
 * "full jitter" over the upper half so retries of many jobs spread out instead of arriving together.
 */
export function backoffDelay(backoff: Backoff, failedAttempt: number, random: number): number {
  if (backoff.kind === 'fixed') return backoff.delayMs;
  const exp = Math.min(backoff.maxDelayMs, backoff.delayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.round(exp / 2 + (exp / 2) * random);
}
