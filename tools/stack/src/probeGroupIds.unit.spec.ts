import { javaStringHash, offsetsPartitionFor, probeGroupIds } from './probeGroupIds';

describe('probeGroupIds', () => {
  it('hashes like java.lang.String.hashCode, overflow included', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('conveyor-processors-projector')).toBe(javaStringHashReference('conveyor-processors-projector'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });

  it('maps Integer.MIN_VALUE to partition 0 as Kafka Utils.abs does', () => {
    expect(offsetsPartitionFor('polygenelubricants', 10)).toBe(0);
  });

  it('returns one group per __consumer_offsets partition', () => {
    const groups = probeGroupIds(10);

    expect(groups).toHaveLength(10);
    expect(groups.map((group) => offsetsPartitionFor(group, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(groups.every((group) => group.startsWith('conveyor-stack-probe-'))).toBe(true);
  });
});

/** Big-integer reference: sum of c * 31^(n-1-i), wrapped to a signed 32-bit int. */
function javaStringHashReference(value: string): number {
  let hash = 0n;
  for (const char of value) hash = hash * 31n + BigInt(char.charCodeAt(0));
  return Number(BigInt.asIntN(32, hash));
}
