import { PerformanceObserver, constants } from 'node:perf_hooks';

/** Memory a process still held right after its last major (mark-compact) garbage collection. */
export interface MemoryAfterGc {
  /** V8 heap in use after the collection, in bytes. */
  heapUsedBytes: number;
  /** Memory of C++ objects bound to JavaScript objects (Buffers and the like) after the collection, in bytes. */
  externalBytes: number;
  /** Major collections seen since the observer started. */
  collections: number;
}

let last: MemoryAfterGc | undefined;
let observer: PerformanceObserver | undefined;

/**
 * Starts, once per process, an observer of major garbage collections that records the memory left after
 * each one: the floor a leak raises. The heap in use between collections is a saw-tooth whose slope over a
 * few minutes says more about the collector's rhythm than about a leak; its value after a major collection
 * does not. Cheap: major collections are seconds to minutes apart.
 */
export function observeMemoryAfterGc(): void {
  if (observer) return;
  observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
      if (kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      const usage = process.memoryUsage();
      last = { heapUsedBytes: usage.heapUsed, externalBytes: usage.external, collections: (last?.collections ?? 0) + 1 };
    }
  });
  observer.observe({ entryTypes: ['gc'] });
}

/** What the process held after its last major collection; undefined before the first one. */
export function memoryAfterLastGc(): MemoryAfterGc | undefined {
  return last;
}
