import { UnavailableError } from '@conveyor/errors';
import type { Pool } from '@conveyor/runtime';
import type { JobChangeFeed } from '../stream/jobChangeFeed';
import { countPositionsBehind, type LogPosition } from '@conveyor/read-model';

export interface PositionWaiterOptions {
  pool: Pick<Pool, 'query'>;
  /** Wakes the wait as soon as the jobs projector commits (it notifies in the batch's transaction). */
  feed?: Pick<JobChangeFeed, 'subscribe'>;
  /** The longest wait, in milliseconds; then 503. */
  maxWaitMs: number;
  /** How often the offsets are read again without a notification, in milliseconds (projections that do not notify). */
  pollMs?: number;
}

/** The thrown answer when the projection did not reach the positions in time (503, `Retry-After`). */
export class PositionNotReachedError extends UnavailableError {
  constructor(projection: string, waitedMs: number) {
    super(`the ${projection} read model did not reach the requested log position within ${waitedMs} ms`, { context: { projection } });
  }
}

/**
 * Read your own writes (public): waits until a projection has passed log positions the command API
 * answered (`Conveyor-Position`). The projectors store their next offset per (projection, topic,
 * partition) in `projection_offsets` in the same transaction as their rows, so once every
 * `next_offset > offset`, a read sees the write. The wait is bounded by `maxWaitMs` (then
 * PositionNotReachedError, a 503), woken by the job change feed and by a poll.
 */
export function createPositionWaiter(options: PositionWaiterOptions) {
  const pollMs = options.pollMs ?? 100;

  return {
    /** Resolves once `projection` has passed every position; throws PositionNotReachedError after `maxWaitMs`. */
    async waitFor(positions: readonly LogPosition[], projection: string): Promise<void> {
      if (!positions.length) return;
      const started = performance.now();
      let wake: (() => void) | undefined;
      const unsubscribe = options.feed?.subscribe(() => wake?.());
      try {
        for (;;) {
          if (await countPositionsBehind(options.pool, projection, positions) === 0) return;
          const left = options.maxWaitMs - (performance.now() - started);
          if (left <= 0) throw new PositionNotReachedError(projection, options.maxWaitMs);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, Math.min(pollMs, left));
            function done() {
              clearTimeout(timer);
              wake = undefined;
              resolve();
            }
            wake = done;
          });
        }
      } finally {
        unsubscribe?.();
      }
    },
  };
}

export type PositionWaiter = ReturnType<typeof createPositionWaiter>;
