import { setTimeout as sleep } from 'node:timers/promises';
import type { LogPosition } from '@conveyor/read-model';
import type { ProjectionProgress } from './createProjectionProgress';

export interface OwnWritesOptions {
  progress: ProjectionProgress;
  /** The longest wait for a projection to pass our own last write of an entity, in milliseconds. */
  maxWaitMs: number;
  /** How often the progress is read again while waiting, in milliseconds. */
  pollMs?: number;
  /** Entities remembered at most (the oldest are forgotten first). */
  capacity?: number;
}

/**
 * Read your own writes on the command side (public): remembers the log positions of the last events this
 * process published per entity (a job id, a schedule id), and before a command loads that entity's state
 * from a read model, waits (bounded) until the projection has passed them. A command right after another
 * (cancel after submit, pause after create) thus decides on a state that includes the first. This is the
 * same log-position mechanism as the query API's `?after=`; entities written by other processes are not
 * waited for.
 */
export function createOwnWrites(options: OwnWritesOptions) {
  const pollMs = options.pollMs ?? 25;
  const capacity = options.capacity ?? 10_000;
  const last = new Map<string, readonly LogPosition[]>();

  return {
    /** Records the positions of events just published for `entityId`. */
    remember(entityId: string, positions: readonly LogPosition[]): void {
      if (!positions.length) return;
      last.delete(entityId);
      last.set(entityId, positions);
      if (last.size > capacity) last.delete(last.keys().next().value as string);
    },

    /** Resolves once `projection` has passed our last write of `entityId` (or at once without one, or after `maxWaitMs`). */
    async awaitProjected(projection: string, entityId: string): Promise<void> {
      const positions = last.get(entityId);
      if (!positions) return;
      const deadline = performance.now() + options.maxWaitMs;
      while (!(await options.progress.passed(projection, positions))) {
        if (performance.now() + pollMs > deadline) return;
        await sleep(pollMs);
      }
      if (last.get(entityId) === positions) last.delete(entityId);
    },
  };
}

export type OwnWrites = ReturnType<typeof createOwnWrites>;
