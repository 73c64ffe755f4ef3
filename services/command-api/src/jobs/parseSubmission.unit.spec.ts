import { AppError, PayloadTooLargeError, UnprocessableError, ValidationError } from '@conveyor/errors';
import { createJobTypeRegistry } from '@conveyor/job-types';
import { parseBatch, parseSubmission } from './parseSubmission';

const jobTypes = createJobTypeRegistry();

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a throw');
}

describe('parseSubmission', () => {
  it('applies the defaults: priority normal, the type defaults, the default backoff and the parsed payload', () => {
    expect(parseSubmission({ type: 'http.request', payload: { url: 'https://example.test/hook' } }, jobTypes)).toEqual({
      jobType: 'http.request',
      payload: { method: 'POST', url: 'https://example.test/hook', headers: {} },
      priority: 'normal',
      maxAttempts: 3,
      timeoutMs: 30_000,
      runAt: null,
      concurrencyKey: null,
      backoff: { kind: 'exponential', delayMs: 1000, maxDelayMs: 300_000 },
    });
    expect(parseSubmission({ type: 'noop', payload: {} }, jobTypes).timeoutMs).toBeNull();
  });

  it('keeps every given option', () => {
    const s = parseSubmission({
      type: 'sleep', payload: { ms: 5 }, priority: 'high', maxAttempts: 7, timeoutMs: 500,
      runAt: '2030-01-02T03:04:05.000+01:00', concurrencyKey: 'tenant-1', backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 },
    }, jobTypes);
    expect(s).toMatchObject({
      priority: 'high', maxAttempts: 7, timeoutMs: 500, runAt: Date.UTC(2030, 0, 2, 2, 4, 5),
      concurrencyKey: 'tenant-1', backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 10 },
    });
  });

  it.each([
    ['a body that is not an object', [1, 2], ''],
    ['no body', undefined, ''],
    ['a missing type', { payload: {} }, '/type'],
    ['a missing payload', { type: 'noop' }, '/payload'],
    ['a type of the wrong kind', { type: 5, payload: {} }, '/type'],
    ['maxAttempts below 1', { type: 'noop', payload: {}, maxAttempts: 0 }, '/maxAttempts'],
    ['maxAttempts above 100', { type: 'noop', payload: {}, maxAttempts: 101 }, '/maxAttempts'],
    ['a fractional maxAttempts', { type: 'noop', payload: {}, maxAttempts: 1.5 }, '/maxAttempts'],
    ['an unknown priority', { type: 'noop', payload: {}, priority: 'urgent' }, '/priority'],
    ['a runAt that is not ISO 8601', { type: 'noop', payload: {}, runAt: 'tomorrow' }, '/runAt'],
    ['a runAt without offset', { type: 'noop', payload: {}, runAt: '2030-01-01T00:00:00' }, '/runAt'],
    ['a timeoutMs too large', { type: 'noop', payload: {}, timeoutMs: 3_600_001 }, '/timeoutMs'],
    ['a backoff whose cap is below its delay', { type: 'noop', payload: {}, backoff: { kind: 'fixed', delayMs: 10, maxDelayMs: 5 } }, '/backoff/maxDelayMs'],
    ['an unknown field', { type: 'noop', payload: {}, maxAttempt: 3 }, '/maxAttempt'],
  ])('refuses %s with 400 VALIDATION_FAILED at %j', (_name, body, path) => {
    const err = thrown(() => parseSubmission(body, jobTypes));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.path)).toContain(path);
  });

  it('refuses an unknown type with 422 naming the known types', () => {
    const err = thrown(() => parseSubmission({ type: 'email.send', payload: {} }, jobTypes));
    expect(err).toBeInstanceOf(UnprocessableError);
    expect(err.status).toBe(422);
    expect(err.message).toContain('email.send');
    for (const t of jobTypes.types()) expect(err.message).toContain(t);
    expect(err.errors).toEqual([{ path: '/type', message: err.message }]);
  });

  it("refuses a payload its type's schema rejects with 422 and field errors under /payload", () => {
    const err = thrown(() => parseSubmission({ type: 'http.request', payload: { url: 'ftp://x', method: 'BREW' } }, jobTypes));
    expect(err.status).toBe(422);
    expect(err.errors?.map((e) => e.path).sort()).toEqual(['/payload/method', '/payload/url']);
    expect(thrown(() => parseSubmission({ type: 'sleep', payload: { ms: 1, extra: true } }, jobTypes)).errors).toEqual([
      { path: '/payload/extra', message: 'unknown field' },
    ]);
  });
});

describe('parseBatch', () => {
  const ok = { type: 'noop', payload: {} };

  it('returns every submission when all are valid', () => {
    expect(parseBatch({ jobs: [ok, { type: 'sleep', payload: { ms: 1 } }] }, jobTypes).map((s) => s.jobType)).toEqual(['noop', 'sleep']);
  });

  it('refuses an empty batch or a missing jobs array with 400', () => {
    expect(thrown(() => parseBatch({ jobs: [] }, jobTypes)).status).toBe(400);
    expect(thrown(() => parseBatch({}, jobTypes)).errors?.[0]?.path).toBe('/jobs');
  });

  it('refuses more than 1000 jobs with 413', () => {
    expect(thrown(() => parseBatch({ jobs: Array.from({ length: 1001 }, () => ok) }, jobTypes))).toBeInstanceOf(PayloadTooLargeError);
    expect(parseBatch({ jobs: Array.from({ length: 1000 }, () => ok) }, jobTypes)).toHaveLength(1000);
  });

  it('lists every bad item under /jobs/<i>, 422 when only types or payloads are wrong', () => {
    const err = thrown(() => parseBatch({ jobs: [ok, ok, ok, { type: 'http.request', payload: { url: 'nope' } }, { type: 'zzz', payload: {} }] }, jobTypes));
    expect(err.status).toBe(422);
    expect(err.errors?.map((e) => e.path)).toEqual(['/jobs/3/payload/url', '/jobs/4/type']);
  });

  it('is 400 when any item is malformed, still listing the others', () => {
    const err = thrown(() => parseBatch({ jobs: [{ type: 'zzz', payload: {} }, { type: 'noop' }] }, jobTypes));
    expect(err.status).toBe(400);
    expect(err.errors?.map((e) => e.path)).toEqual(['/jobs/0/type', '/jobs/1/payload']);
  });
});
