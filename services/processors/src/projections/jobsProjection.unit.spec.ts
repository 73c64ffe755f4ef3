import type { ProjectedJob } from '@conveyor/read-model';
import { evolveJobRow } from './jobsProjection';
import { jobEvents as e } from './jobEventFixtures';
import type { JobEvent } from '@conveyor/events';

const given = (events: JobEvent[]): ProjectedJob | null => events.reduce<ProjectedJob | null>(evolveJobRow, null);
const t0 = Date.parse('2026-01-01T00:00:00Z');
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('jobs projection', () => {
  it('given a submission, then a queued row with the trace id of the submission', () => {
    expect(given([e.submitted('j1', t0, { traceparent, payload: { url: 'x' } })])).toMatchObject({
      jobId: 'j1', status: 'queued', payload: { url: 'x' }, attempts: 0, submittedAt: t0, traceId: '0af7651916cd43dd8448eb211c80319c', version: 1,
    });
  });

  it('given a retry then a success, then succeeded with attempts, queue wait, duration and the trace id kept', () => {
    const row = given([
      e.submitted('j1', t0, { traceparent }), e.started('j1', t0 + 50, 1), e.retryScheduled('j1', t0 + 80, 1, 30),
      e.started('j1', t0 + 300, 2), e.succeeded('j1', t0 + 310, 2, 10),
    ]);
    expect(row).toMatchObject({
      status: 'succeeded', attempts: 2, queueWaitMs: 50, durationMs: 10, result: { ok: true }, error: null,
      startedAt: t0 + 300, finishedAt: t0 + 310, updatedAt: t0 + 310, traceId: '0af7651916cd43dd8448eb211c80319c', version: 5,
    });
  });

  it('given an event of a job never submitted, then no row', () => {
    expect(given([e.started('j1', t0)])).toBeNull();
  });

  it('given a repeated submission, then the same row (version unchanged)', () => {
    const row = given([e.submitted('j1', t0)]);
    expect(evolveJobRow(row, e.submitted('j1', t0 + 1))).toBe(row);
  });

  it('given a cancelled job, then later events count in the version but change nothing else', () => {
    expect(given([e.submitted('j1', t0), e.cancelled('j1', t0 + 5), e.started('j1', t0 + 6)]))
      .toMatchObject({ status: 'cancelled', finishedAt: t0 + 5, attempts: 0, version: 3 });
  });

  it('given a loaded row, then the next row is a copy with the same fields (the loaded row unchanged, no trace context added)', () => {
    const loaded = given([e.submitted('j1', t0, { traceparent })]) as ProjectedJob;
    const frozen = structuredClone(loaded);
    const next = evolveJobRow(loaded, e.started('j1', t0 + 50, 1)) as ProjectedJob;
    expect(next).not.toBe(loaded);
    expect(loaded).toEqual(frozen);
    expect(Object.keys(next).sort()).toEqual(Object.keys(loaded).sort());
    expect(next).toMatchObject({ status: 'running', traceId: '0af7651916cd43dd8448eb211c80319c', version: 2 });
  });
});
