import type { WorkPriority } from '@conveyor/events';
import { createWeightedPicker, defaultPriorityWeights } from './weightedPicker';

export interface SchedulerOptions<E extends { priority: WorkPriority }> {
  /** Entries run at once. */
  concurrency: number;
  /** Entries queued per priority before `onFull`; `onDrained` once back under half of it. */
  capacity: number;
  weights?: Readonly<Record<WorkPriority, number>>;
  /** Runs one entry; its settling frees the slot. */
  run: (entry: E) => Promise<unknown>;
  /** Called once per entry after `run` settled (or was rejected). */
  onDone: (entry: E, error?: unknown) => void;
  onFull: (priority: WorkPriority) => void;
  onDrained: (priority: WorkPriority) => void;
}

/**
 * The executor's engine, free of Kafka: bounded in-memory queues per priority feeding a pool of
 * `concurrency` slots by weighted round-robin. Full queues ask their source to pause (`onFull`) and to
 * resume once half drained (`onDrained`).
 */
export function createWorkScheduler<E extends { priority: WorkPriority }>(options: SchedulerOptions<E>) {
  const queues: Record<WorkPriority, E[]> = { high: [], normal: [], low: [] };
  const full: Record<WorkPriority, boolean> = { high: false, normal: false, low: false };
  const picker = createWeightedPicker(options.weights ?? defaultPriorityWeights);
  let running = 0;
  let accepting = true;
  let idleWaiters: Array<() => void> = [];

  const pump = () => {
    while (accepting && running < options.concurrency) {
      const priority = picker.next((p) => queues[p].length > 0);
      if (!priority) break;
      const entry = queues[priority].shift() as E;
      if (full[priority] && queues[priority].length <= options.capacity / 2) {
        full[priority] = false;
        options.onDrained(priority);
      }
      running++;
      options.run(entry).then(() => options.onDone(entry), (err: unknown) => options.onDone(entry, err)).finally(() => {
        running--;
        if (running === 0 && idleWaiters.length) {
          const waiters = idleWaiters;
          idleWaiters = [];
          waiters.forEach((w) => w());
        }
        pump();
      });
    }
  };

  return {
    push(entry: E): void {
      const q = queues[entry.priority];
      q.push(entry);
      if (!full[entry.priority] && q.length >= options.capacity) {
        full[entry.priority] = true;
        options.onFull(entry.priority);
      }
      pump();
    },
    /** Removes queued (not running) entries that `predicate` selects; returns them. */
    drop(predicate: (entry: E) => boolean): E[] {
      const dropped: E[] = [];
      for (const p of Object.keys(queues) as WorkPriority[]) {
        const keep: E[] = [];
        for (const e of queues[p]) (predicate(e) ? dropped : keep).push(e);
        queues[p] = keep;
      }
      return dropped;
    },
    /** Stops starting entries; resolves once none runs. */
    async close(): Promise<void> {
      accepting = false;
      if (running === 0) return;
      await new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    get running() {
      return running;
    },
    queued(priority?: WorkPriority): number {
      return priority ? queues[priority].length : queues.high.length + queues.normal.length + queues.low.length;
    },
  };
}

export type WorkScheduler<E extends { priority: WorkPriority }> = ReturnType<typeof createWorkScheduler<E>>;
