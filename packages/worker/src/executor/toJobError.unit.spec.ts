import { NonRetriableError, UnavailableError } from '@conveyor/errors';
import { AttemptTimeoutError } from './attemptSignal';
import { toJobError } from './toJobError';

describe('toJobError', () => {
  it('maps a plain error to a retriable HANDLER_ERROR', () => {
    expect(toJobError(new Error('boom'))).toEqual({ message: 'boom', code: 'HANDLER_ERROR', retriable: true });
  });
  it('keeps the code of the error and honours NonRetriableError', () => {
    expect(toJobError(Object.assign(new Error('503'), { code: 'HTTP_503' }))).toEqual({ message: '503', code: 'HTTP_503', retriable: true });
    expect(toJobError(new NonRetriableError('no', 'FAIL_NON_RETRIABLE'))).toEqual({ message: 'no', code: 'FAIL_NON_RETRIABLE', retriable: false });
    expect(toJobError(new UnavailableError('db down'))).toMatchObject({ code: 'UNAVAILABLE', retriable: true });
  });
  it('treats bugs as permanent and timeouts as retriable', () => {
    expect(toJobError(new TypeError('x is undefined'))).toMatchObject({ code: 'HANDLER_ERROR', retriable: false });
    expect(toJobError(new AttemptTimeoutError(200))).toEqual({ message: 'the attempt timed out after 200 ms', code: 'TIMEOUT', retriable: true });
  });
  it('copes with thrown non-errors', () => {
    expect(toJobError('just a string')).toMatchObject({ message: 'just a string', code: 'HANDLER_ERROR' });
    expect(toJobError({ code: 42 })).toMatchObject({ message: '{"code":42}', code: 'HANDLER_ERROR' });
  });
});
