import { z } from 'zod';
import { defineJobType } from '@conveyor/worker';
import { checkLink, extractLinks, forEachBounded, type BrokenLink } from './links';

/**
 * Step 1, define: `links.check` fetches a page, checks every link on it and returns the broken ones.
 * The payload schema travels to the platform's catalog when the worker starts, so the command API
 * refuses a bad submission (422, with the field's JSON pointer) before any worker sees it.
 */
export const checkLinks = defineJobType({
  type: 'links.check',
  queue: 'links',
  description: 'Fetches a web page, checks each of its links and returns the broken ones.',
  sideEffects: false,
  payload: z.object({
    url: z.string().url(),
    /** At most this many links are checked. */
    maxLinks: z.number().int().min(1).max(500).default(100),
    /** Links checked at once. */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Time allowed per link, in milliseconds. */
    linkTimeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  }),
  defaults: { timeoutMs: 120_000, maxAttempts: 3 },
  run: async (payload, ctx) => {
    const page = await fetch(payload.url, { signal: ctx.signal });
    // A page that does not load fails the attempt: retried with backoff, then dead-lettered.
    if (!page.ok) throw new Error(`${payload.url} answered ${page.status}`);
    const links = extractLinks(await page.text(), page.url, payload.maxLinks);
    ctx.log('info', 'links found', { page: payload.url, count: links.length });

    const broken: BrokenLink[] = [];
    await forEachBounded(links, payload.concurrency, ctx.signal, async (url) => {
      const failure = await checkLink(url, ctx.signal, payload.linkTimeoutMs);
      if (!failure) return;
      broken.push(failure);
      ctx.log('warn', 'broken link', { ...failure });
    }, (done) => ctx.progress(done / links.length, `${done}/${links.length} links checked`));

    return { page: payload.url, checked: links.length, broken };
  },
});
