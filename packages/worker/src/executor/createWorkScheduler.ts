import type { WorkPriority } from '@conveyor/events';
import { createWeightedPicker, defaultPriorityWeights } from './weightedPicker';

/** What the fairness rules need to know of an entry: its job type and concurrency key. */
export interface EntryClass {
  type: string;
  /** The tenant (or other resource) the job belongs to; null: no key, no per-key limit. */
  key: string | null;
}

/** Limits on what runs at once, besides the slot count (see {@link SchedulerOptions}). */
export interface ConcurrencyLimits {
  /** At most this many running per job type; a type not listed is limited by the slots only. */
  perType?: Readonly<Record<string, number>>;
  /** At most this many running per concurrency key (jobs without a key are not limited); default unlimited. */
  perKey?: number;
}

export interface SchedulerOptions<E extends { priority: WorkPriority }> {
  /** Entries run at once. */
  concurrency: number;
  /** Entries queued per priority before `onFull`; `onDrained` once back under half of it. */
  capacity: number;
  weights?: Readonly<Record<WorkPriority, number>>;
  /** Per-type and per-key limits; `classify` says an entry's type and key (default: no limits). */
  limits?: ConcurrencyLimits;
  classify?: (entry: E) => EntryClass;
  /** Runs one entry; its settling frees the slot. */
  run: (entry: E) => Promise<unknown>;
  /** Called once per entry after `run` settled (or was rejected). */
  onDone: (entry: E, error?: unknown) => void;
  onFull: (priority: WorkPriority) => void;
  onDrained: (priority: WorkPriority) => void;
}

const noKey = '\u0000none';
const unclassified: EntryClass = { type: '', key: null };

/**
 * The executor's engine, free of Kafka: bounded in-memory queues per priority feeding a pool of
 * `concurrency` slots by weighted round-robin. Inside a priority, entries wait in one lane per
 * concurrency key (jobs without a key share one lane) served round-robin, so one tenant's flood
 * cannot starve the others; an entry starts only while its type and its key are under their limits
 * (a blocked entry lets the ones behind it pass). Full queues ask their source to pause (`onFull`)
 * and to resume once half drained (`onDrained`).
 */
export function createWorkScheduler<E extends { priority: WorkPriority }>(options: SchedulerOptions<E>) {
  const classify = options.classify ?? (() => unclassified);
  const perType = options.limits?.perType ?? {};
  const perKey = options.limits?.perKey ?? Infinity;
  if (!(perKey >= 1)) throw new RangeError('the per-key limit must be at least 1');
  /** Lanes per priority in round-robin order: the lane served last moves to the end. */
  const lanes: Record<WorkPriority, Map<string, E[]>> = { high: new Map(), normal: new Map(), low: new Map() };
  const sizes: Record<WorkPriority, number> = { high: 0, normal: 0, low: 0 };
  const full: Record<WorkPriority, boolean> = { high: false, normal: false, low: false };
  const runningByType = new Map<string, number>();
  const runningByKey = new Map<string, number>();
  const picker = createWeightedPicker(options.weights ?? defaultPriorityWeights);
  let running = 0;
  let accepting = true;
  let idleWaiters: Array<() => void> = [];

  const count = (m: Map<string, number>, k: string, d: number) => {
    const n = (m.get(k) ?? 0) + d;
    if (n) m.set(k, n);
    else m.delete(k);
  };
  const typeOpen = (type: string) => (runningByType.get(type) ?? 0) < (perType[type] ?? Infinity);
  const keyOpen = (key: string | null) => key === null || (runningByKey.get(key) ?? 0) < perKey;

  /** The first runnable entry of a priority, in lane order: [lane key, index in lane]. */
  const findRunnable = (p: WorkPriority): [string, number] | undefined => {
    for (const [laneKey, lane] of lanes[p]) {
      const head = lane[0];
      if (!head || !keyOpen(classify(head).key)) continue; // a lane holds one key: all blocked alike
      const i = lane.findIndex((e) => typeOpen(classify(e).type));
      if (i >= 0) return [laneKey, i];
    }
    return undefined;
  };

  const take = (p: WorkPriority, [laneKey, i]: [string, number]): E => {
    const lane = lanes[p].get(laneKey) as E[];
    const [entry] = lane.splice(i, 1) as [E];
    lanes[p].delete(laneKey);
    if (lane.length) lanes[p].set(laneKey, lane); // to the end: round-robin between lanes
    sizes[p]--;
    if (full[p] && sizes[p] <= options.capacity / 2) {
      full[p] = false;
      options.onDrained(p);
    }
    return entry;
  };

  const pump = () => {
    while (accepting && running < options.concurrency) {
      const found: Partial<Record<WorkPriority, [string, number]>> = {};
      const priority = picker.next((p) => {
        if (!sizes[p]) return false;
        found[p] = findRunnable(p);
        return found[p] !== undefined;
      });
      if (!priority) break;
      const entry = take(priority, found[priority] as [string, number]);
      const { type, key } = classify(entry);
      count(runningByType, type, 1);
      if (key !== null) count(runningByKey, key, 1);
      running++;
      options.run(entry).then(() => options.onDone(entry), (err: unknown) => options.onDone(entry, err)).finally(() => {
        running--;
        count(runningByType, type, -1);
        if (key !== null) count(runningByKey, key, -1);
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
      const p = entry.priority;
      const laneKey = classify(entry).key ?? noKey;
      const lane = lanes[p].get(laneKey);
      if (lane) lane.push(entry);
      else lanes[p].set(laneKey, [entry]);
      sizes[p]++;
      if (!full[p] && sizes[p] >= options.capacity) {
        full[p] = true;
        options.onFull(p);
      }
      pump();
    },
    /** Removes queued (not running) entries that `predicate` selects; returns them. A full queue back under half its capacity is `onDrained`. */
    drop(predicate: (entry: E) => boolean): E[] {
      const dropped: E[] = [];
      for (const p of Object.keys(lanes) as WorkPriority[]) {
        for (const [laneKey, lane] of [...lanes[p]]) {
          const keep: E[] = [];
          for (const e of lane) (predicate(e) ? dropped : keep).push(e);
          if (keep.length) lanes[p].set(laneKey, keep);
          else lanes[p].delete(laneKey);
        }
        sizes[p] = [...lanes[p].values()].reduce((n, l) => n + l.length, 0);
        // A queue emptied by a drop (a rebalance took its partitions) must ask its source to resume:
        // kafkajs keeps a topic paused across reassignment, so without this it stays paused forever (issue 14).
        if (full[p] && sizes[p] <= options.capacity / 2) {
          full[p] = false;
          options.onDrained(p);
        }
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
    /** Entries running now per concurrency key (for metrics and tests). */
    runningOfKey(key: string): number {
      return runningByKey.get(key) ?? 0;
    },
    queued(priority?: WorkPriority): number {
      return priority ? sizes[priority] : sizes.high + sizes.normal + sizes.low;
    },
  };
}

export type WorkScheduler<E extends { priority: WorkPriority }> = ReturnType<typeof createWorkScheduler<E>>;
