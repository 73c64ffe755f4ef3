import { classifyMessage, createStreamResume } from './streamResume';
import type { JobStatus } from './types';

const jobId = '6f1c1f5e-1b7a-4a4e-9a43-1d2f6f0f2a11';
const finished = (s: JobStatus) => ['succeeded', 'failed', 'cancelled', 'dead'].includes(s);
const change = (over: Record<string, unknown>) => ({ event: 'job', id: 'b1-7', data: JSON.stringify({ jobId, type: 'noop', status: 'running', eventType: 'JobStarted', attempts: 1, occurredAt: '2026-12-03T12:00:00Z', ...over }) });

describe('stream resume', () => {
  it('sends no Last-Event-ID before any event, then the id of the last event seen', () => {
    const resume = createStreamResume();
    expect(resume.headers()).toEqual({ accept: 'text/event-stream' });
    resume.seen({ id: 'b1-7' });
    resume.seen({ id: 'b1-9' });
    expect(resume.headers()).toEqual({ accept: 'text/event-stream', 'Last-Event-ID': 'b1-9' });
  });

  it('keeps the last id across frames without one (a reset carries none)', () => {
    const resume = createStreamResume();
    resume.seen({ id: 'b1-3' });
    resume.seen({ id: undefined });
    expect(resume.lastEventId).toBe('b1-3');
  });

  it('waits the server\'s retry first, doubles per failure up to the cap, and starts over once a connection opens', () => {
    const resume = createStreamResume({ initialDelayMs: 500, maxDelayMs: 5_000 });
    resume.retry(2_000);
    expect([resume.failed(), resume.failed(), resume.failed()]).toEqual([2_000, 4_000, 5_000]);
    resume.opened();
    expect(resume.failed()).toBe(2_000);
  });

  it('ignores a retry field that is not a delay', () => {
    const resume = createStreamResume({ initialDelayMs: 300 });
    resume.retry(Number.NaN);
    expect(resume.failed()).toBe(300);
  });
});

describe('classifyMessage', () => {
  it('checks the job on its change into a settled status', () => {
    expect(classifyMessage(change({ status: 'succeeded' }), jobId, finished)).toBe('check');
  });

  it('matches the job id whatever its case', () => {
    expect(classifyMessage(change({ status: 'dead', jobId: jobId.toUpperCase() }), jobId, finished)).toBe('check');
  });

  it('ignores changes into other statuses, other jobs, heartbeats and malformed data', () => {
    expect(classifyMessage(change({ status: 'running' }), jobId, finished)).toBe('ignore');
    expect(classifyMessage(change({ status: 'succeeded', jobId: '00000000-0000-4000-8000-000000000000' }), jobId, finished)).toBe('ignore');
    expect(classifyMessage({ event: 'message', data: '' }, jobId, finished)).toBe('ignore');
    expect(classifyMessage({ event: 'job', data: '{not json' }, jobId, finished)).toBe('ignore');
  });

  it('checks the job on a reset: the server no longer has what this client missed', () => {
    expect(classifyMessage({ event: 'reset', data: '{}' }, jobId, finished)).toBe('check');
  });
});
