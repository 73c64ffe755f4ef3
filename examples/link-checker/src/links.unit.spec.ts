import { extractLinks, forEachBounded } from './links';

describe('extractLinks', () => {
  const page = 'https://site.test/docs/index.html';

  it('resolves hrefs against the page, quoted or not, drops fragments and duplicates, keeps the order', () => {
    const html = `<a href="/a">a</a><A HREF='b.html'>b</A><a class="x" href=https://other.test/c>c</a><a href="/a#top">a again</a>`;
    expect(extractLinks(html, page, 100)).toEqual(['https://site.test/a', 'https://site.test/docs/b.html', 'https://other.test/c']);
  });

  it('leaves out what is not an http(s) link and stops at max', () => {
    const html = '<a href="mailto:x@site.test">m</a><a href="javascript:void 0">j</a><a name="anchor">n</a><a href="/1"></a><a href="/2"></a><a href="/3"></a>';
    expect(extractLinks(html, page, 2)).toEqual(['https://site.test/1', 'https://site.test/2']);
  });
});

describe('forEachBounded', () => {
  it('runs every item with at most `concurrency` at once and counts each one done', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded([1, 2, 3, 4, 5], 2, new AbortController().signal, async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
    }, (n) => done.push(n));
    expect(peak).toBe(2);
    expect(done).toEqual([1, 2, 3, 4, 5]);
  });

  it('stops taking items once the signal aborts, with its reason', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = forEachBounded([1, 2, 3], 1, controller.signal, async (item) => {
      seen.push(item);
      controller.abort(new Error('cancelled'));
    }, () => undefined);
    await expect(run).rejects.toThrow('cancelled');
    expect(seen).toEqual([1]);
  });
});
