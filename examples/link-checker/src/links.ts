/** A link that did not answer 2xx or 3xx: its HTTP status, or the network error that stopped it. */
export interface BrokenLink {
  url: string;
  status?: number;
  error?: string;
}

/**
 * The distinct http(s) links of an HTML page's `<a href>` attributes, resolved against the page's URL,
 * in the order they appear, without fragments; at most `max` of them.
 */
export function extractLinks(html: string, pageUrl: string, max: number): string[] {
  const links = new Set<string>();
  for (const m of html.matchAll(/<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
    const href = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    let url: URL;
    try {
      url = new URL(href, pageUrl);
    } catch {
      continue; // not a URL at all: nothing to check
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') continue; // mailto:, javascript:, …
    url.hash = '';
    links.add(url.href);
    if (links.size >= max) break;
  }
  return [...links];
}

/**
 * Checks one link: HEAD first (cheap), GET when the server refuses HEAD. Returns null when it works.
 * Aborting `signal` (the job's timeout or cancellation) rejects, so the job stops rather than reporting
 * the link as broken.
 */
export async function checkLink(url: string, signal: AbortSignal, timeoutMs: number): Promise<BrokenLink | null> {
  const attempt = (method: 'HEAD' | 'GET') =>
    fetch(url, { method, redirect: 'follow', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
  try {
    let res = await attempt('HEAD');
    if (res.status === 405 || res.status === 501) res = await attempt('GET');
    await res.body?.cancel();
    return res.status < 400 ? null : { url, status: res.status };
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    return { url, error: err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err) };
  }
}

/**
 * Runs `task` over `items` with at most `concurrency` at once, in order of the items; `onDone` after
 * each one. Stops taking new items once `signal` aborts.
 */
export async function forEachBounded<T>(
  items: readonly T[],
  concurrency: number,
  signal: AbortSignal,
  task: (item: T) => Promise<void>,
  onDone: (done: number) => void,
): Promise<void> {
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < items.length) {
      signal.throwIfAborted();
      const item = items[next++] as T;
      await task(item);
      onDone(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
