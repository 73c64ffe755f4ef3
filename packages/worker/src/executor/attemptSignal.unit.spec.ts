import { AttemptTimeoutError, createAttemptSignal, raceAbort } from './attemptSignal';

describe('attempt signal', () => {
  it('aborts after the timeout with a retriable TIMEOUT error', async () => {
    const s = createAttemptSignal(20);
    await expect(raceAbort(new Promise(() => undefined), s.signal)).rejects.toBeInstanceOf(AttemptTimeoutError);
    expect(s.reason()).toBe('timeout');
    expect(s.signal.reason).toMatchObject({ code: 'TIMEOUT', retriable: true });
  });

  it('cancellation wins over a later timeout, and settles a handler that ignores its signal', async () => {
    const s = createAttemptSignal(1000);
    const work = raceAbort(new Promise(() => undefined), s.signal);
    s.abort('cancelled');
    await expect(work).rejects.toMatchObject({ reason: 'cancelled' });
    expect(s.reason()).toBe('cancelled');
    s.dispose();
  });

  it('passes the result through when the work finishes first, and never fires without a timeout', async () => {
    const s = createAttemptSignal(null);
    await expect(raceAbort(Promise.resolve(7), s.signal)).resolves.toBe(7);
    expect(s.signal.aborted).toBe(false);
  });
});
