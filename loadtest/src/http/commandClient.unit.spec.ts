import { ConveyorProblemError } from '@conveyor/client';
import { classifyFailure } from './commandClient';

describe('classifyFailure', () => {
  it('names an HTTP problem by its status and keeps the problem as the detail', () => {
    const failure = classifyFailure(new ConveyorProblemError({ type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'Kafka is away' }), 10_000);
    expect(failure).toMatchObject({ ok: false, kind: 'http_503' });
    expect(failure.detail).toContain('Kafka is away');
  });

  it('tells an unreachable server (status 0) as a network failure', () => {
    expect(classifyFailure(new ConveyorProblemError({ type: 'about:blank', title: 'Cannot reach the command API', status: 0, detail: 'POST … failed' }), 10_000))
      .toEqual({ ok: false, kind: 'network', detail: 'POST … failed' });
  });

  it('tells a request that ran out of time as a timeout', () => {
    expect(classifyFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'), 250)).toEqual({ ok: false, kind: 'timeout', detail: 'no answer within 250 ms' });
  });

  it('tells an answer that is not JSON as a bad response', () => {
    expect(classifyFailure(new SyntaxError('Unexpected token < in JSON'), 10_000)).toMatchObject({ ok: false, kind: 'bad_response' });
  });
});
