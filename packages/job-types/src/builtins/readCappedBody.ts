/**
 * Reads a response body up to `maxBytes` bytes (a stream read, stopped at the cap: a huge or endless
 * answer costs no more than the cap), decoded as UTF-8; `truncated` when the body went on past it.
 */
export async function readCappedBody(res: Response, maxBytes: number): Promise<{ text: string; truncated: boolean }> {
  if (!res.body) return { text: '', truncated: false };
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode(), truncated: false };
      const room = maxBytes - bytes;
      if (value.byteLength > room) {
        text += decoder.decode(value.subarray(0, room));
        return { text, truncated: true };
      }
      bytes += value.byteLength;
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    // Stops the transfer when the cap was reached; a no-op after the end.
    await reader.cancel().catch(() => undefined);
  }
}
