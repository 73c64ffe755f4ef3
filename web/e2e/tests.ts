import type { Page } from 'playwright-core';
import { assert, expectNoConsoleProblems, type TestCase } from './harness';
import type { PlatformUrls } from './platform';

const uuid = /\/jobs\/([0-9a-f-]{36})$/;

/** Waits until the page's main content settled: no loading skeleton left (or `timeoutMs` passed). */
async function settled(page: Page, timeoutMs = 8000): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('[role="status"][aria-label^="Loading"]'), null, { timeout: timeoutMs }).catch(() => undefined);
  await page.waitForTimeout(300);
}

/** Submits a noop job straight to the command API (for the list test, independent of the UI). */
export async function submitNoop(urls: PlatformUrls, marker: string): Promise<string> {
  const res = await fetch(`${urls.command}/v1/jobs`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'noop', payload: { e2e: marker } }),
  });
  const text = await res.text();
  assert(res.status === 202, `POST /v1/jobs answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { jobId: string }).jobId;
}

export function dashboardTests(urls: PlatformUrls): TestCase[] {
  return [
    {
      name: 'submit a noop job in the UI and watch it succeed live, with its timeline',
      run: async (t) => {
        const { page } = t;
        await page.goto('/submit?type=noop');
        await page.getByRole('radio', { name: /noop/ }).check();
        await page.evaluate(() => ((window as unknown as { e2eMarker: string }).e2eMarker = 'same-document'));
        await page.getByTestId('submit-job').click();
        await page.waitForURL(uuid);
        const jobId = uuid.exec(page.url())?.[1];
        const status = page.getByTestId('job-page-status');
        await status.filter({ hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
        const same = await page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker);
        assert(same === 'same-document', 'the page reloaded: the status must change live');
        // The timeline fills in as the projector catches up.
        await page.waitForFunction(() => {
          const names = [...document.querySelectorAll('[data-testid="timeline-event-type"]')].map((e) => e.textContent?.trim());
          return ['JobSubmitted', 'JobStarted', 'JobSucceeded'].every((n) => names.includes(n));
        }, null, { timeout: 30_000 });
        const names = await page.getByTestId('timeline-event-type').allTextContents();
        t.note(`job ${jobId}: timeline ${names.map((n) => n.trim()).join(' → ')}`);
        await page.locator('[data-testid="timeline-event"] details summary').first().click();
        await t.screenshot('job');
        expectNoConsoleProblems(t, 'the submit and job pages');
      },
    },
    {
      name: 'jobs list counts new jobs live and updates rows in place',
      run: async (t) => {
        const { page } = t;
        await page.goto('/jobs');
        await page.locator('[data-testid="job-row"], [data-testid="empty-state"]').first().waitFor();
        await page.waitForFunction(() => document.querySelector('.live.open') !== null, null, { timeout: 15_000 });
        const jobId = await submitNoop(urls, `list-${Date.now()}`);
        const pill = page.getByTestId('new-jobs-pill');
        await pill.waitFor({ timeout: 20_000 });
        await pill.click();
        const row = page.locator(`[data-job-id="${jobId}"]`);
        await row.waitFor();
        await row.getByTestId('job-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30_000 });
        await t.screenshot('jobs');
        expectNoConsoleProblems(t, '/jobs');
      },
    },
    {
      name: 'dark mode toggle persists across reload',
      run: async (t) => {
        const { page } = t;
        await page.emulateMedia({ colorScheme: 'light' });
        await page.goto('/settings');
        assert(await page.evaluate(() => document.documentElement.dataset.theme) === 'light', 'system light should start light');
        await page.locator('[data-theme-option="dark"]').click();
        assert(await page.evaluate(() => document.documentElement.dataset.theme) === 'dark', 'dark was not applied');
        await page.reload();
        // Read before the app mounts too: the inline script in index.html sets it before first paint.
        const early = await page.evaluate(() => document.documentElement.dataset.theme);
        assert(early === 'dark', `after reload the theme is ${early}`);
        assert(await page.locator('[data-theme-option="dark"]').getAttribute('aria-checked') === 'true', 'the toggle does not show dark');
        await t.screenshot('dark');
        await page.locator('[data-theme-option="system"]').click();
        assert(await page.evaluate(() => document.documentElement.dataset.theme) === 'light', 'system did not follow the light preference');
        expectNoConsoleProblems(t, '/settings');
      },
    },
    {
      name: 'phone 375×740: jobs page without horizontal overflow, nav reachable',
      viewport: { width: 375, height: 740 },
      run: async (t) => {
        const { page } = t;
        await page.goto('/jobs');
        await page.locator('[data-testid="job-row"], [data-testid="empty-state"]').first().waitFor();
        const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        t.note(`scrollWidth ${width}px`);
        assert(width <= 375, `the page overflows horizontally: scrollWidth ${width}`);
        await t.screenshot('jobs', false);
        const menu = page.getByRole('button', { name: 'Open menu' });
        await menu.click();
        const overview = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' });
        await overview.waitFor({ state: 'visible' });
        await t.screenshot('menu', false);
        await overview.click();
        await page.waitForURL((u) => new URL(u).pathname === '/');
        const width2 = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        assert(width2 <= 375, `the overview overflows horizontally: scrollWidth ${width2}`);
        expectNoConsoleProblems(t, 'the phone pages');
      },
    },
    {
      name: 'every page renders without console errors',
      run: async (t) => {
        const { page } = t;
        for (const path of ['/', '/jobs', '/submit', '/dead-letters', '/schedules', '/replay', '/load-tests', '/settings', '/no-such-page']) {
          await page.goto(path);
          await settled(page);
          const h1 = await page.locator('h1, .empty .title').first().textContent();
          assert(h1, `${path} shows no heading`);
          await t.screenshot(path === '/' ? 'overview' : path.slice(1));
          expectNoConsoleProblems(t, path);
        }
        const skip = page.getByRole('link', { name: 'Skip to content' });
        await page.keyboard.press('Tab');
        assert(await skip.evaluate((el) => el === document.activeElement), 'the first Tab does not reach the skip link');
      },
    },
    {
      name: 'time to first render of the jobs page',
      run: async (t) => {
        const { page } = t;
        await page.goto('/jobs');
        await page.locator('[data-testid="job-row"], [data-testid="empty-state"]').first().waitFor();
        const measured = await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const mark = performance.getEntriesByName('conveyor:jobs-first-render')[0];
          return { mark: mark?.startTime ?? null, domContentLoaded: nav?.domContentLoadedEventEnd ?? null, rows: document.querySelectorAll('[data-testid="job-row"]').length };
        });
        assert(measured.mark !== null, 'the conveyor:jobs-first-render mark is missing');
        t.note(`first table row or empty state at ${measured.mark.toFixed(0)} ms after navigation start (DOMContentLoaded ${measured.domContentLoaded?.toFixed(0)} ms, ${measured.rows} rows)`);
        expectNoConsoleProblems(t, '/jobs');
      },
    },
  ];
}
