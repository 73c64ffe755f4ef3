import type { Logger } from '@conveyor/runtime';
import { withTimeout } from '@conveyor/runtime';
import type { WorkSerdes } from '@conveyor/worker/engine';

export interface WorkTopicReadinessOptions {
  /** The cluster's topic names (an admin client's `listTopics`). */
  listTopics: () => Promise<string[]>;
  /** The work topics and serdes of every queue; `prepare` registers a queue's subjects (it creates no topic: no admin). */
  workSerdes: Pick<WorkSerdes, 'of' | 'prepare'>;
  logger: Pick<Logger, 'warn'>;
  /** A queue found without its topics is looked at again after this long, in milliseconds. */
  recheckAfterMs?: number;
  /** The longest a submission waits for the look, in milliseconds; then the dispatcher publishes its work. */
  lookTimeoutMs?: number;
}

/**
 * Whether a queue's work topics exist, so the command API may publish its work items itself (internal).
 * The command API creates no topic: the default queue's are the catalog's (applied at start), another
 * queue's are created by its workers or by the dispatcher on first need. Until they exist, its submissions
 * take the dispatcher's path. A queue found ready stays ready (its schema subjects registered); one found
 * without its topics, or whose look failed, is looked at again after `recheckAfterMs`. One look at a time per queue.
 */
export function createWorkTopicReadiness(options: WorkTopicReadinessOptions) {
  const recheckAfterMs = options.recheckAfterMs ?? 5_000;
  const lookTimeoutMs = options.lookTimeoutMs ?? 2_000;
  /** The last look at each queue: its answer, when it began, and whether it found the queue ready (then final). */
  const looks = new Map<string, { ready: Promise<boolean>; at: number; final: boolean }>();

  const look = async (queue: string): Promise<boolean> => {
    try {
      const work = options.workSerdes.of(queue);
      const existing = new Set(await withTimeout(options.listTopics(), lookTimeoutMs, () => new Error(`listing the topics took over ${lookTimeoutMs} ms`)));
      if (!Object.values(work.topics).every((t) => existing.has(t))) return false;
      await withTimeout(options.workSerdes.prepare(queue), lookTimeoutMs, () => new Error(`registering the work schemas took over ${lookTimeoutMs} ms`));
      return true;
    } catch (err) {
      options.logger.warn({ err, queue }, 'could not tell whether the queue\'s work topics exist; the dispatcher publishes its work items');
      return false;
    }
  };

  return {
    /** Resolves true when the queue's work topics exist and their schemas are registered (never rejects). */
    ready(queue: string): Promise<boolean> {
      const known = looks.get(queue);
      if (known && (known.final || performance.now() - known.at < recheckAfterMs)) return known.ready;
      const entry = { ready: look(queue), at: performance.now(), final: false };
      void entry.ready.then((yes) => {
        entry.final = yes;
      });
      looks.set(queue, entry);
      return entry.ready;
    },
  };
}
