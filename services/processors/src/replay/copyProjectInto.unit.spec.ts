import { randomUUID } from 'node:crypto';
import { jobEvents as e } from '../projections/jobEventFixtures';
import { firstOccurrences, jobsToLoad } from './copyProjectInto';
import { copyRecordLine, statsRecord, timelineRecord } from './copyRows';
import { indexDefinitionFor } from './deferIndexes';

describe('the COPY path of a rebuild', () => {
  it('keeps the first occurrence of each event id, in log order (a repeated event counts once)', () => {
    const a = e.submitted(randomUUID(), 1);
    const b = e.started(a.data.meta.jobId, 2);
    const batch = [{ offset: '0', event: a }, { offset: '1', event: null }, { offset: '2', event: b }, { offset: '3', event: a }];
    expect(firstOccurrences(batch)).toEqual([{ event: a, offset: '0' }, { event: b, offset: '2' }]);
  });

  it('loads the rows of jobs whose batch does not start with their submission, sorted', () => {
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    const events = [e.started(y, 1), e.submitted(x, 2), e.started(x, 3), e.succeeded(z, 4), e.succeeded(y, 5)];
    expect(jobsToLoad(events)).toEqual([y, z].sort());
  });

  it('encodes a timeline row in its columns: the event data as JSON, positions as numbers', () => {
    const record = timelineRecord({
      eventId: 'e1', jobId: 'j1', eventType: 'JobLogged', occurredAt: 0, attempt: null, data: { message: 'a\tb\nc\\d' },
      topic: 't', partition: 2, offset: '17', traceId: null,
    });
    const line = copyRecordLine({ table: 'job_events', columns: Object.keys(record), json: new Set(['data']) }, record);
    expect(line).toBe('e1\tj1\tJobLogged\t1970-01-01T00:00:00.000Z\t\\N\t{"message":"a\\\\tb\\\\nc\\\\\\\\d"}\tt\t2\t17\t\\N\n');
  });

  it('encodes a statistics row with its histograms as int arrays', () => {
    const record = statsRecord({
      minute: 60_000, type: 'x', submitted: 1, started: 0, succeeded: 0, failed: 0, retried: 0, cancelled: 0, dead: 0,
      durationHist: [0, 1], queueWaitHist: [], attemptsHist: [1, 0],
    });
    expect(copyRecordLine({ table: 'job_stats_minute', columns: Object.keys(record), json: new Set() }, record))
      .toBe('1970-01-01T00:01:00.000Z\tx\t1\t0\t0\t0\t0\t0\t0\t{0,1}\t{}\t{1,0}\n');
  });

  it('rewrites a live index definition for the shadow table, keeping its name', () => {
    expect(indexDefinitionFor('CREATE INDEX jobs_submitted_idx ON public.jobs USING btree (submitted_at DESC, job_id DESC)', 'jobs', 'conveyor_shadow_x'))
      .toBe('CREATE INDEX IF NOT EXISTS jobs_submitted_idx ON conveyor_shadow_x.jobs USING btree (submitted_at DESC, job_id DESC)');
    expect(indexDefinitionFor('CREATE INDEX jobs_finished_at_idx ON conveyor_test_1.jobs USING btree (finished_at) WHERE (finished_at IS NOT NULL)', 'jobs', 's'))
      .toBe('CREATE INDEX IF NOT EXISTS jobs_finished_at_idx ON s.jobs USING btree (finished_at) WHERE (finished_at IS NOT NULL)');
    expect(() => indexDefinitionFor('CREATE UNIQUE INDEX u ON public.jobs USING btree (x)', 'jobs', 's')).toThrow(/unexpected index definition/);
  });
});
