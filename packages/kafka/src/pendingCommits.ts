/** A partition's next offset to read, as Kafka commits it. */
export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * The offsets a consumer has handled but not committed yet (pure state, no I/O): the highest next
 * offset per partition, taken in one list when the commit interval comes. Only partitions the member
 * owns are handed out: after a rebalance, kafkajs reads from the committed offsets again, so what was
 * pending for a partition that moved is redelivered to its new owner rather than committed for it.
 */
export function createPendingCommits() {
  const pending = new Map<string, PartitionOffset>();
  let owned: Set<string> | undefined;
  const keyOf = (topic: string, partition: number) => `${partition}\u0000${topic}`;
  return {
    /** Records that everything before `offset` (the next one to read) of this partition is handled. */
    handled(topic: string, partition: number, offset: string): void {
      const key = keyOf(topic, partition);
      const known = pending.get(key);
      if (!known || BigInt(offset) > BigInt(known.offset)) pending.set(key, { topic, partition, offset });
    },
    /** A group join: the member owns these partitions now, and what it had pending is read again. */
    assigned(partitions: ReadonlyArray<{ topic: string; partition: number }>): void {
      owned = new Set(partitions.map((p) => keyOf(p.topic, p.partition)));
      pending.clear();
    },
    /** The offsets to commit now (of owned partitions), removed from the pending ones. */
    take(): PartitionOffset[] {
      const out = [...pending.entries()].filter(([key]) => !owned || owned.has(key)).map(([, o]) => o);
      pending.clear();
      return out;
    },
    get size(): number {
      return pending.size;
    },
  };
}
