import { retry, retryDelay } from './retry';
import { withTimeout } from './withTimeout';

describe('retryDelay', () => {
  it('doubles from the initial delay and stops at the cap', () => {
    const o = { initialDelayMs: 25, maxDelayMs: 200 };
    expect([1, 2, 3, 4, 5, 60].map((n) => retryDelay(n, o))).toEqual([25, 50, 100, 200, 200, 200]);
  });
});

describe('retry', () => {
  it('retries until the attempt succeeds, reporting each wait', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retry(async () => {
      calls += 1;
      if (calls < 3) throw new Error(`failure ${calls}`);
      return 'done';
    }, { initialDelayMs: 1, maxDelayMs: 2, onRetry: (_err, delayMs) => waits.push(delayMs) });
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(waits).toEqual([1, 2]);
  });

  it('rethrows the last error after maxAttempts', async () => {
    let calls = 0;
    await expect(retry(async (n) => {
      calls += 1;
      throw new Error(`failure ${n}`);
    }, { initialDelayMs: 1, maxDelayMs: 1, maxAttempts: 3 })).rejects.toThrow('failure 3');
    expect(calls).toBe(3);
  });

  it('gives up at once on an error shouldRetry refuses', async () => {
    let calls = 0;
    await expect(retry(async () => {
      calls += 1;
      throw new TypeError('a bug');
    }, { initialDelayMs: 1, maxDelayMs: 1, shouldRetry: (err) => !(err instanceof TypeError) })).rejects.toThrow('a bug');
    expect(calls).toBe(1);
  });

  it('stops waiting when its signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const running = retry(async () => {
      calls += 1;
      throw new Error('down');
    }, { initialDelayMs: 60_000, maxDelayMs: 60_000, signal: controller.signal });
    setImmediate(() => controller.abort());
    await expect(running).rejects.toThrow('down');
    expect(calls).toBe(1);
  });
});

describe('withTimeout', () => {
  it('settles like the work when it is in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, () => new Error('late'))).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('own')), 1000, () => new Error('late'))).rejects.toThrow('own');
  });
  it('rejects with the timeout error when the work takes longer', async () => {
    await expect(withTimeout(new Promise(() => undefined), 5, () => new Error('late'))).rejects.toThrow('late');
  });
});
