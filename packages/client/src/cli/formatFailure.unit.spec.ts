import { ConveyorProblemError } from '../ConveyorProblemError';
import { WaitTimeoutError } from '../waitForJob';
import { formatFailure } from './formatFailure';
import { UsageError } from './parseCommandLine';

describe('formatFailure', () => {
  it('prints a problem\'s title, status, code, detail and each failing field, exit 1', () => {
    const err = new ConveyorProblemError({
      type: 'https://conveyor.dev/problems/unprocessable', title: 'The payload does not match the job type', status: 422, code: 'UNPROCESSABLE',
      detail: 'the payload does not match job type "sleep"', errors: [{ path: '/payload/ms', message: 'expected number' }],
    });
    expect(formatFailure(err)).toEqual({
      exitCode: 1,
      text: 'error: The payload does not match the job type (422 UNPROCESSABLE)\n  the payload does not match job type "sleep"\n  /payload/ms: expected number',
    });
  });

  it('says where the key comes from on a 401', () => {
    expect(formatFailure(new ConveyorProblemError({ type: 'about:blank', title: 'Unauthorized', status: 401 })).text).toContain('CONVEYOR_API_KEY');
  });

  it('tells an unreachable API', () => {
    expect(formatFailure(new ConveyorProblemError({ type: 'about:blank', title: 'Cannot reach the command API', status: 0 })).text).toBe('error: Cannot reach the command API (not reached)');
  });

  it('exits 2 on a usage error, 1 on a wait that ran out of time', () => {
    expect(formatFailure(new UsageError('unknown command: x'))).toEqual({ text: 'error: unknown command: x', exitCode: 2 });
    expect(formatFailure(new WaitTimeoutError('j1', 500, 'running'))).toMatchObject({ exitCode: 1, text: expect.stringContaining('within 500 ms (last seen: running)') });
  });
});
