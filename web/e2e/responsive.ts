import type { Page } from 'playwright-core';
import { assert, expectNoConsoleProblems, type TestCase } from './harness';
import { apiFetch, type PlatformUrls } from './platform';

/** A phone: the narrowest width the dashboard promises to fit without sideways scrolling, in CSS pixels. */
const phone = { width: 375, height: 740 };

/** The first id a list of the query API shows, or null when the list is empty. */
async function firstId(urls: PlatformUrls, path: string, key: string): Promise<string | null> {
  const page = await apiFetch(`${urls.query}${path}`).then((r) => (r.ok ? (r.json() as Promise<{ items: Array<Record<string, string>> }>) : null)).catch(() => null);
  return page?.items[0]?.[key] ?? null;
}

/**
 * How far the page reaches past the viewport's right edge, and the elements that do it: visible
 * elements whose box ends right of the viewport and which no ancestor clips or scrolls (a wide table
 * inside an `overflow-x: auto` wrapper is fine; the page itself must not scroll sideways).
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; offenders: string[] }> {
  // A string, not a function: tsx would wrap the inner named functions in a helper the page lacks.
  return page.evaluate(OVERFLOW_PROBE) as Promise<{ scrollWidth: number; offenders: string[] }>;
}

const OVERFLOW_PROBE = `(() => {
  const width = document.documentElement.clientWidth;
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].slice(0, 2).map((c) => '.' + c).join('')
    + ' (right ' + Math.round(el.getBoundingClientRect().right) + 'px)';
  const offenders = [...document.body.querySelectorAll('*')].filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && box.right > width + 1 && getComputedStyle(el).visibility !== 'hidden' && !clipped(el);
  }).slice(0, 5).map(describe);
  return { scrollWidth: document.scrollingElement ? document.scrollingElement.scrollWidth : 0, offenders };
})()`;

/** Phone-width checks of every page, and the installable app (manifest, service worker, offline page). */
export function responsiveTests(urls: PlatformUrls): TestCase[] {
  return [
    {
      name: 'phone 375 px: no page overflows horizontally',
      viewport: phone,
      run: async (t) => {
        const { page } = t;
        const jobId = await firstId(urls, '/v1/jobs?limit=1', 'jobId');
        const scheduleId = await firstId(urls, '/v1/schedules?limit=1', 'scheduleId');
        const paths = ['/', '/jobs', ...(jobId ? [`/jobs/${jobId}`] : []), '/submit', '/job-types', '/queues', '/dead-letters', '/schedules',
          ...(scheduleId ? [`/schedules/${scheduleId}`] : []), '/replay', '/webhooks', '/load-tests', '/api-keys', '/users', '/audit', '/settings', '/login', '/no-such-page'];
        const problems: string[] = [];
        for (const path of paths) {
          await page.goto(path);
          await page.waitForFunction(() => !document.querySelector('[role="status"][aria-label^="Loading"]'), null, { timeout: 8000 }).catch(() => undefined);
          await page.waitForTimeout(300);
          // A page the test may not see (a role it lacks) would be the sign-in page measured twice.
          if (new URL(page.url()).pathname !== path) problems.push(`${path}: landed on ${new URL(page.url()).pathname}`);
          const { scrollWidth, offenders } = await overflow(page);
          if (scrollWidth > phone.width || offenders.length) {
            problems.push(`${path}: scrollWidth ${scrollWidth}px${offenders.length ? `; past the edge: ${offenders.join(', ')}` : ''}`);
            await t.screenshot(`overflow-${path.replace(/[^a-z0-9]+/gi, '-')}`, false);
          }
        }
        t.note(`${paths.length} pages at ${phone.width} px`);
        assert(problems.length === 0, `pages overflow at ${phone.width} px:\n${problems.join('\n')}`);
        expectNoConsoleProblems(t, 'the phone-width pages');
      },
    },
    {
      name: 'installable: manifest, service worker with the shell precached, offline page',
      run: async (t) => {
        const { page } = t;
        await page.goto('/');
        const href = await page.locator('link[rel="manifest"]').getAttribute('href');
        assert(href, 'no <link rel="manifest">');
        const manifest = await page.evaluate(async (url) => (await fetch(url)).json() as Promise<{ name?: string; display?: string; icons?: Array<{ sizes: string }> }>, href);
        assert(manifest.name && manifest.display === 'standalone', `manifest incomplete: ${JSON.stringify(manifest)}`);
        assert(manifest.icons?.some((i) => i.sizes === '192x192') && manifest.icons.some((i) => i.sizes === '512x512'), 'the manifest lacks 192 and 512 px icons');
        const cached = await page.evaluate(async () => {
          await Promise.race([navigator.serviceWorker.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker within 15 s')), 15_000))]);
          const keys = await caches.keys();
          const urls = (await Promise.all(keys.map(async (k) => (await (await caches.open(k)).keys()).map((r) => new URL(r.url).pathname)))).flat();
          return urls;
        });
        assert(cached.includes('/index.html'), `the shell is not precached (cached: ${cached.slice(0, 10).join(', ')})`);
        assert(cached.includes('/offline.html'), 'the offline page is not precached');
        t.note(`${cached.length} files precached`);
        expectNoConsoleProblems(t, 'the installable app');

        // Offline: a page never opened gets the offline page, one opened before its cached copy.
        await page.reload();
        await page.waitForFunction(() => !!navigator.serviceWorker.controller);
        await t.context.setOffline(true);
        try {
          await page.goto('/settings');
          await page.getByRole('heading', { name: 'You are offline' }).waitFor();
          await page.goto('/');
          await page.getByRole('heading', { name: 'Overview' }).waitFor();
        } finally {
          await t.context.setOffline(false);
        }
      },
    },
  ];
}
