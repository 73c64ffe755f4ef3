/**
 * Tracks the offsets of one consumer's in-flight messages per topic-partition (pure). Messages finish
 * out of order (many run at once), but a partition may only be committed up to its lowest offset not
 * yet finished, so that a crash redelivers everything unfinished (at-least-once).
 */
export function createOffsetTracker() {
  interface Lane { pending: number[]; head: number; finished: Set<number>; next: number | undefined; committed: number | undefined }
  const lanes = new Map<string, Lane>();
  const keyOf = (topic: string, partition: number) => `${partition}:${topic}`;
  const lane = (topic: string, partition: number): Lane => {
    const key = keyOf(topic, partition);
    let l = lanes.get(key);
    if (!l) lanes.set(key, (l = { pending: [], head: 0, finished: new Set(), next: undefined, committed: undefined }));
    return l;
  };

  return {
    /** Records a received offset; offsets of one partition arrive in increasing order. */
    received(topic: string, partition: number, offset: number): void {
      const l = lane(topic, partition);
      l.pending.push(offset);
    },
    /** Marks an offset done (processed or skipped). */
    finished(topic: string, partition: number, offset: number): void {
      const l = lanes.get(keyOf(topic, partition));
      if (!l) return;
      l.finished.add(offset);
      while (l.head < l.pending.length && l.finished.has(l.pending[l.head] as number)) {
        const done = l.pending[l.head++] as number;
        l.finished.delete(done);
        l.next = done + 1;
      }
      if (l.head > 1024 && l.head * 2 > l.pending.length) {
        l.pending = l.pending.slice(l.head);
        l.head = 0;
      }
    },
    /**
     * The offsets to commit now (Kafka's "next offset to read"), one per partition whose committable
     * position moved since the last call: the lowest unfinished offset, or one past the last finished.
     */
    takeCommittable(): Array<{ topic: string; partition: number; offset: string }> {
      const out: Array<{ topic: string; partition: number; offset: string }> = [];
      for (const [key, l] of lanes) {
        if (l.next === undefined || l.next === l.committed) continue;
        l.committed = l.next;
        const sep = key.indexOf(':');
        out.push({ topic: key.slice(sep + 1), partition: Number(key.slice(0, sep)), offset: String(l.next) });
      }
      return out;
    },
    /** Number of offsets received and not yet finished. */
    inFlight(): number {
      let n = 0;
      for (const l of lanes.values()) n += l.pending.length - l.head;
      return n;
    },
    /** Forgets the partitions this consumer no longer owns (after a rebalance). */
    forget(keep: (topic: string, partition: number) => boolean): void {
      for (const key of [...lanes.keys()]) {
        const sep = key.indexOf(':');
        if (!keep(key.slice(sep + 1), Number(key.slice(0, sep)))) lanes.delete(key);
      }
    },
  };
}

export type OffsetTracker = ReturnType<typeof createOffsetTracker>;
