import { AppError, UnprocessableError, ValidationError } from '@conveyor/errors';
import { createJobTypeRegistry } from '@conveyor/job-types';
import { parseScheduleDefinition } from './parseScheduleDefinition';

const jobTypes = createJobTypeRegistry();
const valid = { name: 'every minute', cron: '* * * * *', timeZone: 'Europe/Paris', jobTemplate: { type: 'sleep', payload: { ms: 10 } } };

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a throw');
}

describe('parseScheduleDefinition', () => {
  it('applies the defaults of the schedule and of the job template', () => {
    expect(parseScheduleDefinition({ name: ' nightly ', cron: ' 0  2 * * * ', jobTemplate: { type: 'noop', payload: {} } }, jobTypes)).toMatchObject({
      name: 'nightly', cron: '0 2 * * *', timeZone: 'UTC', catchUp: 'skip', maxCatchUp: 10,
      jobTemplate: { type: 'noop', priority: 'normal', maxAttempts: 3, timeoutMs: null, concurrencyKey: null, backoff: { kind: 'exponential' } },
    });
  });

  it('accepts 6-field expressions and the catch-up settings', () => {
    expect(parseScheduleDefinition({ ...valid, cron: '*/5 * * * * *', catchUp: 'all', maxCatchUp: 100 }, jobTypes)).toMatchObject({ cron: '*/5 * * * * *', catchUp: 'all', maxCatchUp: 100 });
  });

  it('400 for a bad cron expression, an unknown time zone, runAt in the template, unknown fields', () => {
    const err = thrown(() => parseScheduleDefinition({ ...valid, cron: '61 * * * *', timeZone: 'Mars/Base', jobTemplate: { ...valid.jobTemplate, runAt: '2030-01-01T00:00:00Z' } }, jobTypes));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.errors?.map((e) => e.path)).toEqual(['/cron', '/timeZone', '/jobTemplate/runAt']);
    expect(thrown(() => parseScheduleDefinition({ ...valid, cron: '* * * *' }, jobTypes)).errors).toEqual([{ path: '/cron', message: expect.stringMatching(/5 fields/) }]);
    expect(thrown(() => parseScheduleDefinition({ ...valid, extra: 1 }, jobTypes)).errors).toEqual([{ path: '/extra', message: 'unknown field' }]);
    expect(thrown(() => parseScheduleDefinition(undefined, jobTypes))).toBeInstanceOf(ValidationError);
  });

  it('400 for a malformed template, paths under /jobTemplate', () => {
    const err = thrown(() => parseScheduleDefinition({ ...valid, jobTemplate: { ...valid.jobTemplate, maxAttempts: 0 } }, jobTypes));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.errors?.[0]?.path).toBe('/jobTemplate/maxAttempts');
  });

  it('422 for an unknown job type or a payload its schema refuses', () => {
    const unknown = thrown(() => parseScheduleDefinition({ ...valid, jobTemplate: { type: 'nope', payload: {} } }, jobTypes));
    expect(unknown).toBeInstanceOf(UnprocessableError);
    expect(unknown.errors?.[0]?.path).toBe('/jobTemplate/type');
    const payload = thrown(() => parseScheduleDefinition({ ...valid, jobTemplate: { type: 'sleep', payload: { ms: -1 } } }, jobTypes));
    expect(payload).toBeInstanceOf(UnprocessableError);
    expect(payload.errors?.[0]?.path).toBe('/jobTemplate/payload/ms');
  });
});
