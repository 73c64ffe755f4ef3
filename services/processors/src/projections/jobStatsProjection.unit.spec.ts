import { latencyHistogram } from '@conveyor/domain';
import type { JobEvent } from '@conveyor/events';
import { jobEvents as e } from './jobEventFixtures';
import type { ProjectedJob } from '@conveyor/read-model';
import { evolveJobRow } from './jobsProjection';
import { jobStatsDeltas, type JobTransition } from './jobStatsProjection';

/** Given events, the transitions the projector would fold. */
function transitions(events: JobEvent[]): JobTransition[] {
  const rows = new Map<string, ProjectedJob>();
  const out: JobTransition[] = [];
  for (const event of events) {
    const before = rows.get(event.data.meta.jobId) ?? null;
    const after = evolveJobRow(before, event);
    if (!after || after === before) continue;
    rows.set(after.jobId, after);
    out.push({ event, before, after });
  }
  return out;
}

const t0 = Date.parse('2026-01-01T10:00:00Z');
const { bucketOf, count } = latencyHistogram;

describe('job_stats_minute projection', () => {
  it('given events in two minutes and two types, then one delta per minute and type with each counter', () => {
    const deltas = jobStatsDeltas(transitions([
      e.submitted('a', t0 + 1_000, { type: 'alpha' }), e.started('a', t0 + 1_200), e.succeeded('a', t0 + 1_300, 1, 100),
      e.submitted('b', t0 + 2_000, { type: 'beta' }), e.started('b', t0 + 2_010), e.retryScheduled('b', t0 + 2_050, 1, 40),
      e.started('b', t0 + 61_000, 2), e.failed('b', t0 + 61_500, 2, 500),
      e.submitted('c', t0 + 3_000, { type: 'beta' }), e.cancelled('c', t0 + 3_100), e.deadLettered('b', t0 + 61_600, 2),
    ]));
    expect(deltas.map((d) => [new Date(d.minute).toISOString(), d.type])).toEqual([
      ['2026-01-01T10:00:00.000Z', 'alpha'], ['2026-01-01T10:00:00.000Z', 'beta'], ['2026-01-01T10:01:00.000Z', 'beta'],
    ]);
    const [alpha, beta0, beta1] = deltas;
    expect(alpha).toMatchObject({ submitted: 1, started: 1, succeeded: 1, failed: 0 });
    expect(alpha!.durationHist[bucketOf(100)]).toBe(1);
    expect(alpha!.queueWaitHist[bucketOf(200)]).toBe(1);
    expect(alpha!.attemptsHist).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(beta0).toMatchObject({ submitted: 2, started: 1, retried: 1, cancelled: 1, succeeded: 0 });
    expect(count(beta0!.durationHist)).toBe(1);
    expect(count(beta0!.queueWaitHist)).toBe(1);
    // The dead letter comes after the job already failed: it still counts as a fact, the attempts once.
    expect(beta1).toMatchObject({ started: 1, failed: 1, dead: 1 });
    expect(count(beta1!.queueWaitHist)).toBe(0); // only the first start records the queue wait
    expect(beta1!.attemptsHist[1]).toBe(1);
  });

  it('given a job that took 12 attempts, then the attempts land in the 10+ bucket', () => {
    const events: JobEvent[] = [e.submitted('a', t0, { maxAttempts: 20 })];
    for (let i = 1; i < 12; i++) events.push(e.started('a', t0 + i * 10, i), e.retryScheduled('a', t0 + i * 10 + 1, i));
    events.push(e.started('a', t0 + 500, 12), e.succeeded('a', t0 + 501, 12));
    const [delta] = jobStatsDeltas(transitions(events));
    expect(delta!.attemptsHist[9]).toBe(1);
    expect(delta).toMatchObject({ started: 12, retried: 11, succeeded: 1 });
  });

  it('given nothing, then no delta', () => {
    expect(jobStatsDeltas([])).toEqual([]);
  });
});
