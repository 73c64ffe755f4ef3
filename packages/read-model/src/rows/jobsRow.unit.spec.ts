import { toJob, toJobState, toProjectedJob, type JobsTableRow } from './jobsRow';

const row: JobsTableRow = {
  job_id: 'j1', type: 'noop', status: 'succeeded', priority: 'high', payload: { a: 1 }, result: { ok: true }, error: null,
  attempts: 1, max_attempts: 3, timeout_ms: null, run_at: null, next_run_at: null, concurrency_key: 'k',
  backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 }, idempotency_key: null, schedule_id: null,
  submitted_at: new Date(1000), started_at: new Date(1500), finished_at: new Date(2000), updated_at: new Date(2000),
  duration_ms: 500, queue_wait_ms: 500, progress: 1, progress_message: 'done', trace_id: 't1', actor: 'me', version: 3,
};

describe('jobs row mappings', () => {
  it('maps a row to the projector\'s job (epoch milliseconds, trace id kept)', () => {
    expect(toProjectedJob(row)).toMatchObject({ jobId: 'j1', submittedAt: 1000, startedAt: 1500, runAt: null, traceId: 't1', version: 3 });
  });

  it('maps a row to the decider\'s state (no traceparent, no trace id)', () => {
    const state = toJobState(row);
    expect(state).toMatchObject({ jobId: 'j1', status: 'succeeded', attempts: 1, traceparent: null, finishedAt: 2000 });
    expect(state).not.toHaveProperty('traceId');
  });

  it('maps a row to the API\'s Job (ISO 8601 times)', () => {
    expect(toJob(row)).toMatchObject({ jobId: 'j1', submittedAt: '1970-01-01T00:00:01.000Z', startedAt: '1970-01-01T00:00:01.500Z', nextRunAt: null, progress: 1, progressMessage: 'done', traceId: 't1' });
  });
});
