import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { assert, expectNoConsoleProblems, type TestCase } from './harness';
import { apiFetch, e2eApiKey, type PlatformUrls } from './platform';

const uuid = /\/jobs\/([0-9a-f-]{36})$/;

/** Waits until the page's main content settled: no loading skeleton left; fails after `timeoutMs`. */
async function settled(page: Page, timeoutMs = 8000): Promise<void> {
  try {
    await page.waitForFunction(() => !document.querySelector('[role="status"][aria-label^="Loading"]'), null, { timeout: timeoutMs });
  } catch (err) {
    throw new Error(`${new URL(page.url()).pathname} still shows a loading state after ${timeoutMs} ms`, { cause: err });
  }
}

/** Submits a job straight to the command API (independent of the UI); returns its id. */
export async function submitJob(urls: PlatformUrls, job: { type: string; payload: unknown; maxAttempts?: number }): Promise<string> {
  const res = await apiFetch(`${urls.command}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job) });
  const text = await res.text();
  assert(res.status === 202, `POST /v1/jobs answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { jobId: string }).jobId;
}

/** Polls GET /v1/jobs/:id until the job has one of `statuses`. */
export async function waitForStatus(urls: PlatformUrls, jobId: string, statuses: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    const job = await apiFetch(`${urls.query}/v1/jobs/${jobId}`).then((r) => (r.ok ? (r.json() as Promise<{ status: string }>) : null)).catch(() => null);
    last = job?.status ?? 'not visible';
    if (statuses.includes(last)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`job ${jobId} is ${last}, not ${statuses.join('|')}, after ${timeoutMs / 1000} s`);
}

/** Ids of the recorded load tests, newest first (GET /v1/loadtests). */
async function loadTestIds(urls: PlatformUrls): Promise<string[]> {
  const res = await apiFetch(`${urls.query}/v1/loadtests?limit=100`);
  assert(res.ok, `GET /v1/loadtests answered ${res.status}`);
  return ((await res.json()) as { items: Array<{ id: string }> }).items.map((r) => r.id);
}

/** Records a short load test (the repository's CLI against this platform), so the load-test page has a run; returns its id. */
async function recordLoadTest(urls: PlatformUrls): Promise<string> {
  const before = new Set(await loadTestIds(urls));
  const root = join(import.meta.dirname, '..', '..');
  const args = ['tsx', 'loadtest/src/cli.ts', '--rate', '20', '--duration', '3s', '--type', 'noop', '--command-api', urls.command, '--query-api', urls.query];
  let output = '';
  const code = await new Promise<number | null>((resolve) => {
    // It acts as the e2e admin key (CONVEYOR_API_KEY): every API call needs a credential.
    const child = spawn('npx', args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CONVEYOR_API_KEY: e2eApiKey } });
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)));
    child.once('close', resolve);
  });
  assert(code === 0, `the load test exited with ${code}:\n${output}`);
  const recorded = (await loadTestIds(urls)).find((id) => !before.has(id));
  assert(recorded, 'the load test ran but no new run is listed by GET /v1/loadtests');
  return recorded;
}

/** Submits a noop job straight to the command API (for the list test, independent of the UI). */
export const submitNoop = (urls: PlatformUrls, marker: string): Promise<string> => submitJob(urls, { type: 'noop', payload: { e2e: marker } });

/** Submits a job that fails for good on its only attempt, so the executor dead-letters it. */
export const submitDoomed = (urls: PlatformUrls, marker: string): Promise<string> =>
  submitJob(urls, { type: 'fail', payload: { retriable: false, message: `e2e ${marker}` }, maxAttempts: 1 });

/** Polls GET /v1/dead-letters?type=fail until job `jobId` has a dead letter; returns the letter's id. */
export async function waitForDeadLetter(urls: PlatformUrls, jobId: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const page = await apiFetch(`${urls.query}/v1/dead-letters?type=fail&limit=200`).then((r) => (r.ok ? (r.json() as Promise<{ items: Array<{ id: string; jobId: string | null }> }>) : null)).catch(() => null);
    const letter = page?.items.find((d) => d.jobId === jobId);
    if (letter) return letter.id;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`job ${jobId} was not dead-lettered within ${timeoutMs / 1000} s`);
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
      name: 'requeue a dead letter in the UI and see its next attempt in the job timeline',
      run: async (t) => {
        const { page } = t;
        const jobId = await submitDoomed(urls, `dead-${Date.now()}`);
        const letterId = await waitForDeadLetter(urls, jobId);
        t.note(`job ${jobId} dead-lettered as ${letterId}`);
        await page.goto('/dead-letters');
        await page.getByLabel('Type', { exact: true }).selectOption('fail');
        const row = page.locator(`[data-dead-letter-id="${letterId}"]`);
        await row.waitFor();
        await row.getByRole('button', { name: `Inspect dead letter ${letterId}` }).click();
        const detail = page.getByTestId('dead-letter-detail');
        await detail.getByText('non_retriable', { exact: true }).waitFor();
        await detail.getByText(/partition \d+/).first().waitFor();
        await t.screenshot('inspect');
        await row.getByTestId('requeue').click();
        await page.getByTestId('dead-letter-notice').filter({ hasText: jobId }).waitFor();
        await page.getByTestId('dead-letter-notice').getByRole('link', { name: 'Open the job' }).click();
        await page.waitForURL(`**/jobs/${jobId}`);
        // The requeue is the JobRequeued event, then attempt 2 runs (and fails for good again).
        await page.waitForFunction(() => {
          const events = [...document.querySelectorAll('[data-testid="timeline-event"]')].map((e) => e.textContent ?? '');
          return events.some((e) => e.includes('JobRequeued')) && events.some((e) => e.includes('JobStarted') && e.includes('attempt 2'));
        }, null, { timeout: 30_000 });
        const names = await page.getByTestId('timeline-event-type').allTextContents();
        t.note(`timeline ${names.map((n) => n.trim()).join(' → ')}`);
        await t.screenshot('job');
        expectNoConsoleProblems(t, 'the dead-letter and job pages');
      },
    },
    {
      name: 'create a schedule in the UI, see it listed with next fire times, then delete it',
      run: async (t) => {
        const { page } = t;
        const name = `e2e-${Date.now()}`;
        await page.goto('/schedules');
        await page.getByRole('button', { name: 'New schedule' }).click();
        const form = page.getByTestId('schedule-form');
        await form.getByLabel('Name').fill(name);
        await form.getByLabel('Cron expression').fill('bad cron');
        await form.getByTestId('cron-preview').getByText('Not a valid cron expression').waitFor();
        await form.getByLabel('Cron expression').fill('30 3 * * *');
        await form.getByLabel('Time zone').fill('UTC');
        await form.getByTestId('cron-preview').getByText('At 03:30').waitFor();
        await form.getByLabel('Job type').selectOption('noop');
        await t.screenshot('form');
        await form.getByTestId('save-schedule').click();
        const row = page.locator(`[data-schedule-name="${name}"]`);
        await row.waitFor({ timeout: 15_000 });
        await form.waitFor({ state: 'detached' });
        const next = (await row.getByTestId('next-fire-times').textContent())?.trim() ?? '';
        t.note(`listed; next fire: ${next.replace(/\s+/g, ' ')}`);
        assert(/03:30/.test(next), `the next fire time should be at 03:30 UTC, shows "${next}"`);
        // Its own page: the server's next fire times.
        await row.getByRole('link', { name }).click();
        await page.getByTestId('next-fire-times').locator('li').nth(4).waitFor();
        await page.goBack();
        await row.getByRole('button', { name: `Delete schedule ${name}` }).click();
        const dialog = page.getByTestId('confirm-dialog');
        await dialog.getByText(name).waitFor();
        await dialog.getByTestId('confirm-button').click();
        await row.waitFor({ state: 'detached', timeout: 15_000 });
        expectNoConsoleProblems(t, '/schedules');
      },
    },
    {
      name: 'load tests: a run shows its latency by percentile',
      run: async (t) => {
        const { page } = t;
        const runId = await recordLoadTest(urls); // a fresh stack has none: record one, so there is always a run to chart
        await page.goto('/load-tests');
        const row = page.getByTestId('loadtest-row').filter({ has: page.locator(`td[title="${runId}"]`) });
        await row.waitFor();
        await row.getByRole('button', { name: 'Details' }).click();
        const line = page.getByTestId('percentile-chart').locator('path').first();
        await line.waitFor();
        const d = (await line.getAttribute('d')) ?? '';
        assert(/^M[^M]*L/.test(d), `the percentile chart draws no line: d="${d}"`);
        await t.screenshot('run');
        expectNoConsoleProblems(t, '/load-tests');
      },
    },
    {
      name: "cancel a running job with the job page's Cancel button",
      run: async (t) => {
        const { page } = t;
        const jobId = await submitJob(urls, { type: 'sleep', payload: { ms: 120_000 } });
        await page.goto(`/jobs/${jobId}`);
        const status = page.getByTestId('job-page-status');
        await status.filter({ hasText: 'running' }).waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Cancel job' }).click();
        await page.getByLabel('Reason (optional)').fill('e2e cancel');
        await page.getByRole('button', { name: 'Confirm cancel' }).click();
        await status.filter({ hasText: 'cancelled' }).waitFor({ timeout: 30_000 });
        await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="timeline-event-type"]')].some((e) => e.textContent?.trim() === 'JobCancelled'), null, { timeout: 30_000 });
        await waitForStatus(urls, jobId, ['cancelled']);
        assert(await page.getByRole('button', { name: 'Cancel job' }).count() === 0, 'a cancelled job still offers Cancel');
        await t.screenshot('cancelled');
        expectNoConsoleProblems(t, 'the job page');
      },
    },
    {
      name: 'jobs list: search and the type and status filters narrow the rows',
      run: async (t) => {
        const { page } = t;
        const marker = `find${Date.now()}`;
        const ok = await submitJob(urls, { type: 'noop', payload: { e2e: marker } });
        const doomed = await submitDoomed(urls, marker);
        await waitForStatus(urls, ok, ['succeeded']);
        await waitForStatus(urls, doomed, ['failed', 'dead']);
        await page.goto('/jobs');
        await settled(page, 15_000);
        const ids = () => page.locator('[data-testid="job-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-job-id')).sort());
        const expectRows = async (expected: string[], what: string) => {
          await page.waitForFunction((want) => {
            const got = [...document.querySelectorAll('[data-testid="job-row"]')].map((r) => r.getAttribute('data-job-id')).sort();
            return JSON.stringify(got) === JSON.stringify(want);
          }, [...expected].sort(), { timeout: 15_000 }).catch(async () => { throw new Error(`${what}: rows ${JSON.stringify(await ids())}, expected ${JSON.stringify(expected)}`); });
        };
        await page.locator('#job-search').fill(marker);
        await page.locator('#job-search').press('Enter');
        await expectRows([ok, doomed], 'search');
        await page.locator('#job-type').selectOption('fail');
        await expectRows([doomed], 'search + type fail');
        await page.locator('#job-type').selectOption('');
        await expectRows([ok, doomed], 'type cleared');
        await page.getByLabel('Filter by status').click();
        await page.locator('.status-filter label.option', { hasText: 'succeeded' }).locator('input').check();
        await expectRows([ok], 'search + status succeeded');
        await t.screenshot('filtered');
        expectNoConsoleProblems(t, '/jobs');
      },
    },
    {
      name: 'replay page: a rebuild dry run and a redrive preview run to the end',
      run: async (t) => {
        const { page } = t;
        await page.goto('/replay');
        const form = page.getByTestId('replay-form');
        const detail = page.getByTestId('replay-detail');
        const reason = `e2e ${Date.now()}`;
        // Only dry runs: the read model is shared, a real rebuild would swap it.
        await form.getByRole('button', { name: 'Rebuild', exact: true }).click();
        await form.getByLabel('Dry run: rebuild and verify, never swap').check();
        await form.getByLabel('Reason').fill(reason);
        await form.getByRole('button', { name: 'Start dry run' }).click();
        await detail.getByText('rebuild · dry run').waitFor({ timeout: 15_000 });
        await detail.locator('.title-row').filter({ hasText: /succeeded/ }).waitFor({ timeout: 120_000 });
        await t.screenshot('rebuild-dry-run');
        await form.getByRole('button', { name: 'Redrive', exact: true }).click();
        await form.getByRole('button', { name: 'Preview (dry run)' }).click();
        await detail.getByText('redrive · dry run').waitFor({ timeout: 15_000 });
        await detail.locator('.title-row').filter({ hasText: /succeeded/ }).waitFor({ timeout: 60_000 });
        await form.getByRole('button', { name: 'Redrive for real' }).waitFor();
        assert(await form.getByRole('button', { name: 'Redrive for real' }).isEnabled(), 'a succeeded preview does not enable the real redrive');
        const rows = await page.getByTestId('replay-row').allTextContents();
        assert(rows.filter((r) => r.includes('(dry run)')).length >= 2, `the runs list does not show both dry runs: ${rows.join(' | ')}`);
        expectNoConsoleProblems(t, '/replay');
      },
    },
    {
      name: 'overview charts draw the jobs just run',
      run: async (t) => {
        const { page } = t;
        const ids = await Promise.all(Array.from({ length: 5 }, (_, i) => submitJob(urls, { type: 'noop', payload: { chart: i } })));
        await Promise.all(ids.map((id) => waitForStatus(urls, id, ['succeeded'])));
        await page.goto('/');
        await settled(page, 15_000);
        for (const label of ['Throughput over time', 'Success rate over time']) {
          const chart = page.locator(`svg[aria-label^="${label}"]`);
          await chart.waitFor();
          const lines = await chart.locator('path[fill="none"]').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
          assert(lines.some((d) => /^M[^M]*L/.test(d)), `${label}: no line drawn (${lines.length} paths)`);
        }
        const submitted = await page.locator('.value').first().textContent();
        assert(submitted && /[1-9]/.test(submitted), `the Submitted card shows "${submitted}"`);
        await t.screenshot('overview');
        expectNoConsoleProblems(t, '/');
      },
    },
    {
      name: 'the job types page lists the catalog: the built-in types, their queue and the processors serving them',
      run: async (t) => {
        const { page } = t;
        const res = await apiFetch(`${urls.query}/v1/job-types`);
        assert(res.ok, `GET /v1/job-types answered ${res.status}`);
        const workerId = ((await res.json()) as { items: Array<{ type: string; workers: Array<{ workerId: string }> }> }).items.find((i) => i.type === 'noop')?.workers[0]?.workerId;
        assert(workerId, 'the catalog shows no worker serving noop');
        await page.goto('/job-types');
        await settled(page);
        const noop = page.locator('[data-testid="job-type-row"]', { hasText: 'noop' });
        await noop.waitFor();
        const text = (await noop.textContent()) ?? '';
        assert(text.includes('default') && text.includes('v1') && text.includes(workerId), `the noop row shows "${text}"`);
        assert(await noop.locator('time').count() === 1, 'the noop row shows no last-seen time');
        await page.locator('[data-testid="worker-row"]', { hasText: workerId }).waitFor();
        await t.screenshot('job-types');
        expectNoConsoleProblems(t, '/job-types');
      },
    },
    {
      name: 'every page renders without console errors',
      run: async (t) => {
        const { page } = t;
        for (const path of ['/', '/jobs', '/submit', '/job-types', '/dead-letters', '/schedules', '/replay', '/load-tests', '/settings', '/no-such-page']) {
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
