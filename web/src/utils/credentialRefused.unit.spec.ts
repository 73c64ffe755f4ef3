import { ConveyorProblemError } from '@conveyor/client';
import { credentialRefused } from './credentialRefused';

const problem = (status: number) => new ConveyorProblemError({ type: 'about:blank', title: `HTTP ${status}`, status });

describe('credentialRefused', () => {
  it('is true for the API answering 401', () => {
    expect(credentialRefused(problem(401))).toBe(true);
  });

  it('is false for a request given up (leaving the page aborts it), an unreachable API, a body cut short and other answers', () => {
    expect(credentialRefused(new DOMException('The user aborted a request.', 'AbortError'))).toBe(false);
    expect(credentialRefused(problem(0))).toBe(false);
    expect(credentialRefused(new TypeError('network error'))).toBe(false);
    for (const status of [403, 404, 429, 500, 503]) expect(credentialRefused(problem(status))).toBe(false);
    expect(credentialRefused(undefined)).toBe(false);
  });
});
