import { ConflictError, UnavailableError, ValidationError } from './AppError';
import { toProblem } from './toProblem';

describe('toProblem', () => {
  it('shows the detail and field errors of a 4xx', () => {
    const p = toProblem(new ValidationError('bad input', [{ path: '/type', message: 'required' }]), { instance: '/v1/jobs' });
    expect(p).toEqual({
      type: 'https://conveyor.dev/problems/validation-failed',
      title: 'The request is not valid',
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'bad input',
      errors: [{ path: '/type', message: 'required' }],
      instance: '/v1/jobs',
    });
  });

  it('hides the message of a 5xx and of unknown errors, keeping the trace id', () => {
    expect(toProblem(new UnavailableError('kafka at 10.0.0.1 down'), { traceId: 't1' })).toEqual(
      expect.not.objectContaining({ detail: expect.anything() }),
    );
    const p = toProblem(new Error('secret stack'), { traceId: 't1' });
    expect(p).toMatchObject({ status: 500, traceId: 't1' });
    expect(JSON.stringify(p)).not.toContain('secret');
  });

  it('maps each class to its status', () => {
    expect(toProblem(new ConflictError('x')).status).toBe(409);
  });
});
