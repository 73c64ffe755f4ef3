import type { Pool } from '@conveyor/runtime';
import { createWordShares } from './wordShares';

describe('word shares', () => {
  it('reads the statistics once per schema while they are fresh, again once they are older than maxAgeMs', async () => {
    const asked: unknown[] = [];
    const pool = { query: async (_text: string, values: unknown[]) => { asked.push(values[0]); return { rows: [{ word: 'etimedout', share: 0.013 }] }; } } as unknown as Pool;
    let now = 0;
    const shares = createWordShares({ pool, maxAgeMs: 1000, now: () => now });
    expect((await shares()).get('etimedout')).toBe(0.013);
    await Promise.all([shares(), shares('conveyor_asof_20261201000000'), shares('conveyor_asof_20261201000000')]);
    expect(asked).toEqual([null, 'conveyor_asof_20261201000000']);
    now = 1000;
    await shares();
    expect(asked).toHaveLength(3);
  });

  it('gives no shares when the statistics cannot be read: every word rare', async () => {
    const pool = { query: async () => { throw new Error('permission denied'); } } as unknown as Pool;
    expect((await createWordShares({ pool })()).size).toBe(0);
  });
});
