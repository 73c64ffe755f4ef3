import { jobEvents as e } from './jobEventFixtures';
import { foldBatch } from './foldBatch';
import type { ProjectedJob } from '@conveyor/read-model';
import { evolveJobRow } from './jobsProjection';

const t0 = Date.parse('2026-01-01T10:00:00Z');

describe('foldBatch', () => {
  it('given events of a known and a new job, then both rows, one change each with the last event, and the stats', () => {
    const known = evolveJobRow(null, e.submitted('a', t0)) as ProjectedJob;
    const fold = foldBatch([e.started('a', t0 + 10), e.submitted('b', t0 + 20), e.succeeded('a', t0 + 30), e.started('x', t0 + 40)], new Map([['a', known]]));
    expect(fold.jobs.map((j) => [j.jobId, j.status, j.version])).toEqual([['a', 'succeeded', 3], ['b', 'queued', 1]]);
    expect(fold.changes).toEqual([
      { jobId: 'a', type: 'noop', status: 'succeeded', eventType: 'JobSucceeded', attempts: 1, occurredAt: new Date(t0 + 30).toISOString() },
      { jobId: 'b', type: 'noop', status: 'queued', eventType: 'JobSubmitted', attempts: 0, occurredAt: new Date(t0 + 20).toISOString() },
    ]);
    expect(fold.stats).toEqual([expect.objectContaining({ type: 'noop', submitted: 1, started: 1, succeeded: 1 })]);
    expect(fold.unplaced.map((u) => u.data.meta.jobId)).toEqual(['x']);
  });

  it('given a repeated submission, then no change', () => {
    const known = evolveJobRow(null, e.submitted('a', t0)) as ProjectedJob;
    expect(foldBatch([e.submitted('a', t0 + 1)], new Map([['a', known]]))).toMatchObject({ jobs: [], changes: [], stats: [] });
  });
});
