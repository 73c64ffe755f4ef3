import type { WorkPriority } from '@conveyor/events';
import { createWorkScheduler } from './createWorkScheduler';

type E = { priority: WorkPriority; id: string };

describe('work scheduler', () => {
  it('runs at most `concurrency` at once, high before a low backlog, and pauses/resumes full queues', async () => {
    const order: string[] = [];
    const releases: Array<() => void> = [];
    const events: string[] = [];
    const s = createWorkScheduler<E>({
      concurrency: 1, capacity: 4,
      run: (e) => new Promise<void>((r) => { order.push(e.id); releases.push(r); }),
      onDone: () => undefined,
      onFull: (p) => events.push(`full:${p}`),
      onDrained: (p) => events.push(`drained:${p}`),
    });
    for (let i = 0; i < 5; i++) s.push({ priority: 'low', id: `l${i}` });
    s.push({ priority: 'high', id: 'h0' });
    expect(events).toEqual(['full:low']);
    expect(s.running).toBe(1);
    const step = async () => { releases.shift()?.(); await new Promise((r) => setImmediate(r)); };
    await step();
    expect(order).toEqual(['l0', 'h0']);
    await step();
    await step();
    expect(events).toEqual(['full:low', 'drained:low']);
    while (releases.length) await step();
    expect(order).toHaveLength(6);
    await s.close();
  });
});

type K = { priority: WorkPriority; id: string; type: string; key: string | null };

/** A scheduler whose entries run until released by id; records the start order. */
function harness(limits: { perType?: Record<string, number>; perKey?: number }, concurrency: number) {
  const started: string[] = [];
  const releases = new Map<string, () => void>();
  const s = createWorkScheduler<K>({
    concurrency, capacity: 10_000, limits, classify: (e) => ({ type: e.type, key: e.key }),
    run: (e) => new Promise<void>((r) => { started.push(e.id); releases.set(e.id, r); }),
    onDone: () => undefined, onFull: () => undefined, onDrained: () => undefined,
  });
  const finish = async (id: string) => {
    releases.get(id)?.();
    releases.delete(id);
    await new Promise((r) => setImmediate(r));
  };
  const drain = async () => {
    for (let id = [...releases.keys()][0]; id; id = [...releases.keys()][0]) await finish(id);
  };
  return { s, started, releases, finish, drain };
}

describe('work scheduler fairness', () => {
  it('round-robins between concurrency keys: a flood of one key does not starve another', async () => {
    const { s, started, finish, drain } = harness({}, 1);
    for (let i = 0; i < 50; i++) s.push({ priority: 'normal', id: `a${i}`, type: 'sleep', key: 'tenant-a' });
    for (let i = 0; i < 3; i++) s.push({ priority: 'normal', id: `b${i}`, type: 'sleep', key: 'tenant-b' });
    while (started.length < 7) await finish(started[started.length - 1]!);
    expect(started).toEqual(['a0', 'a1', 'b0', 'a2', 'b1', 'a3', 'b2']);
    await drain();
    await s.close();
  });

  it('never runs more than perKey of one key at once, and lets other keys use the free slots', async () => {
    const { s, started, releases, finish } = harness({ perKey: 2 }, 10);
    for (let i = 0; i < 20; i++) s.push({ priority: 'low', id: `a${i}`, type: 'sleep', key: 'tenant-a' });
    s.push({ priority: 'low', id: 'b0', type: 'sleep', key: 'tenant-b' });
    s.push({ priority: 'low', id: 'n0', type: 'sleep', key: null });
    s.push({ priority: 'low', id: 'n1', type: 'sleep', key: null });
    expect(started.sort()).toEqual(['a0', 'a1', 'b0', 'n0', 'n1']);
    expect(s.runningOfKey('tenant-a')).toBe(2);
    await finish('a0');
    expect(started).toContain('a2');
    expect(s.runningOfKey('tenant-a')).toBe(2);
    for (;;) {
      const id = [...releases.keys()][0];
      if (!id) break;
      expect(s.runningOfKey('tenant-a')).toBeLessThanOrEqual(2);
      await finish(id);
    }
    expect(started).toHaveLength(23);
    await s.close();
  });

  it('limits a type; entries of other types pass a blocked one; priorities with only blocked work are skipped', async () => {
    const { s, started, finish, drain } = harness({ perType: { 'http.request': 1 } }, 4);
    s.push({ priority: 'high', id: 'h0', type: 'http.request', key: null });
    s.push({ priority: 'high', id: 'h1', type: 'http.request', key: null });
    s.push({ priority: 'high', id: 'h2', type: 'noop', key: null });
    s.push({ priority: 'low', id: 'l0', type: 'noop', key: null });
    expect(started).toEqual(['h0', 'h2', 'l0']);
    await finish('h0');
    expect(started).toEqual(['h0', 'h2', 'l0', 'h1']);
    await drain();
    await s.close();
  });

  it('refuses a per-key limit below 1', () => {
    expect(() => createWorkScheduler<K>({ concurrency: 1, capacity: 1, limits: { perKey: 0 }, run: async () => undefined, onDone: () => undefined, onFull: () => undefined, onDrained: () => undefined })).toThrow(RangeError);
  });
});
