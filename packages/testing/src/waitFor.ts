/**
 * Polls `probe` until it returns a value other than undefined/false (or stops throwing), then
 * resolves with it. Rejects after `timeoutMs` (in milliseconds) with the last error or a message
 * naming what was awaited. Integration tests poll instead of sleeping a fixed time.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const what = options.what ?? 'condition';
      throw new Error(`timed out after ${options.timeoutMs ?? 30_000} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`, { cause: lastError });
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
}
