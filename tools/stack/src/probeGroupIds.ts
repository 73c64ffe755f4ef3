/** Java's `String.hashCode()`: the hash Kafka uses to place a consumer group. */
export function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(31, hash) + value.charCodeAt(i)) | 0;
  return hash;
}

/** The `__consumer_offsets` partition that coordinates `groupId` (Kafka's `Utils.abs(hash) % partitions`). */
export function offsetsPartitionFor(groupId: string, partitions: number): number {
  const hash = javaStringHash(groupId);
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions;
}

/**
 * Consumer group ids, one per `__consumer_offsets` partition, so that a health probe that
 * describes them all knows every group coordinator has finished loading, whatever group a
 * test picks (right after a first start Kafka answers "The coordinator is loading"). Internal.
 */
export function probeGroupIds(partitions: number, prefix = 'conveyor-stack-probe'): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < partitions; i++) {
    const groupId = `${prefix}-${i}`;
    const partition = offsetsPartitionFor(groupId, partitions);
    if (!byPartition.has(partition)) byPartition.set(partition, groupId);
  }
  return [...byPartition.entries()].sort(([a], [b]) => a - b).map(([, groupId]) => groupId);
}
