import { coalesceCalls } from './coalesceCalls';

const tick = () => new Promise((r) => setImmediate(r));

describe('coalesceCalls', () => {
  it('runs the calls of one turn as one batch and gives each caller its own result', async () => {
    const batches: number[][] = [];
    const double = coalesceCalls(async (xs: number[]) => {
      batches.push(xs);
      return xs.map((x) => x * 2);
    });
    await expect(Promise.all([double(1), double(2), double(3)])).resolves.toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('keeps one batch in flight; the calls made meanwhile form the next batch', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const echo = coalesceCalls(async (xs: number[]) => {
      batches.push(xs);
      if (batches.length === 1) await gate;
      return xs;
    });
    const first = echo(1);
    await tick();
    const later = [echo(2), echo(3)];
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    await expect(Promise.all([first, ...later])).resolves.toEqual([1, 2, 3]);
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('rejects every caller of a failed batch, and only them', async () => {
    let calls = 0;
    const f = coalesceCalls(async (xs: number[]) => {
      calls += 1;
      if (calls === 1) throw new Error('down');
      return xs;
    });
    const failed = [f(1), f(2)];
    await expect(Promise.allSettled(failed)).resolves.toEqual([
      { status: 'rejected', reason: new Error('down') }, { status: 'rejected', reason: new Error('down') },
    ]);
    await expect(f(3)).resolves.toBe(3);
  });

  it('bounds a batch by maxBatch', async () => {
    const sizes: number[] = [];
    const f = coalesceCalls(async (xs: number[]) => {
      sizes.push(xs.length);
      return xs;
    }, { maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map(f));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
