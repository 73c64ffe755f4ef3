import { ConveyorProblemError, problemFrom, unreachable } from './ConveyorProblemError';

describe('problemFrom', () => {
  it('keeps a problem+json body field by field, pointers included', () => {
    const body = {
      type: 'https://conveyor.dev/problems/validation-failed', title: 'Validation failed', status: 422, code: 'VALIDATION_FAILED',
      detail: 'payload is invalid', errors: [{ path: '/payload/ms', message: 'must be a number' }],
    };
    const error = new ConveyorProblemError(problemFrom(body, 422, 'Unprocessable Entity'));
    expect(error).toMatchObject({ name: 'ConveyorProblemError', status: 422, type: body.type, title: body.title, detail: body.detail, code: 'VALIDATION_FAILED', errors: body.errors });
    expect(error.message).toBe('Validation failed: payload is invalid');
  });

  it('makes a problem from the status line when the body is none, keeping a short text as the detail', () => {
    expect(problemFrom('upstream timed out', 502, 'Bad Gateway')).toEqual({ type: 'about:blank', title: 'Bad Gateway', status: 502, detail: 'upstream timed out' });
    expect(problemFrom(undefined, 500)).toEqual({ type: 'about:blank', title: 'HTTP 500', status: 500 });
    expect(problemFrom('x'.repeat(400), 500, 'Internal Server Error')).not.toHaveProperty('detail');
  });

  it('takes the status of the answer when the body has none', () => {
    expect(problemFrom({ title: 'Not found' }, 404)).toMatchObject({ type: 'about:blank', status: 404 });
  });
});

describe('ConveyorProblemError', () => {
  it('has no field errors when the problem lists none, and tells a 404', () => {
    const error = new ConveyorProblemError({ type: 'about:blank', title: 'Not found', status: 404 });
    expect(error.errors).toEqual([]);
    expect(error.notFound).toBe(true);
  });

  it('reports an unreachable server as status 0 naming the request', () => {
    const problem = unreachable('query', 'GET', 'http://127.0.0.1:1/v1/jobs');
    expect(problem).toMatchObject({ status: 0, title: 'Cannot reach the query API' });
    expect(problem.detail).toContain('GET http://127.0.0.1:1/v1/jobs');
  });
});
