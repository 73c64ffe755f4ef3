import type { Page } from 'playwright-core';
import { assert, expectNoConsoleProblems, type TestCase } from './harness';
import { apiFetch, idpUrl, type PlatformUrls } from './platform';
import { submitJob } from './tests';

/** The seeded users of the local identity provider (README, services/identity/src/users.ts). */
const password = (user: string) => `conveyor-${user}`;

/**
 * Signs in as a seeded user the way a person does: the dashboard sends the browser to the identity
 * provider (authorization code + PKCE), the sign-in form is filled in, and the dashboard shows the user.
 */
export async function signInThroughIdp(page: Page, user: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL(/\/login/);
  await page.getByTestId('sign-in').click();
  await page.waitForURL((url) => url.origin === new URL(idpUrl).origin);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password(user));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-name').waitFor();
}

/** Browser tests of issue 11: sign-in through the local identity provider, roles in the UI, API keys, audit. */
export function identityTests(urls: PlatformUrls): TestCase[] {
  return [
    {
      name: 'operator signs in through the local identity provider in Chromium, sees name and role, signs out',
      signedOut: true,
      run: async (t) => {
        const { page } = t;
        await signInThroughIdp(page, 'operator');
        assert((await page.getByTestId('user-role').textContent())?.includes('operator'), 'the header does not show the operator role');
        assert(await page.getByRole('link', { name: 'Submit' }).count() === 1, 'an operator is not offered Submit');
        assert(await page.getByRole('link', { name: 'API keys' }).count() === 0, 'an operator is offered the admin API keys page');
        await t.screenshot('signed-in');
        await page.getByTestId('sign-out').click();
        // The provider ends its session and sends the browser back; the dashboard asks to sign in again.
        await page.waitForURL(/\/login/);
        await page.getByTestId('sign-in').click();
        await page.getByLabel('User name').waitFor();
        expectNoConsoleProblems(t, 'sign-in and sign-out');
      },
    },
    {
      name: 'a viewer sees no submit or cancel actions',
      signedOut: true,
      run: async (t) => {
        const { page } = t;
        const jobId = await submitJob(urls, { type: 'sleep', payload: { ms: 60_000 } });
        await signInThroughIdp(page, 'viewer');
        assert(await page.getByRole('link', { name: 'Submit' }).count() === 0, 'a viewer is offered Submit');
        await page.goto(`/jobs/${jobId}`);
        await page.getByRole('heading', { level: 1 }).waitFor();
        assert(await page.getByRole('button', { name: 'Cancel job' }).count() === 0, 'a viewer is offered Cancel job');
        await page.goto('/submit');
        await page.waitForURL((url) => url.pathname === '/');
        await apiFetch(`${urls.command}/v1/jobs/${jobId}/cancel`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      },
    },
    {
      name: 'API keys page: a created key is shown once, works against the API, and fails once revoked; the audit page lists it',
      signedOut: true,
      run: async (t) => {
        const { page } = t;
        await signInThroughIdp(page, 'admin');
        await page.goto('/api-keys');
        const name = `e2e-${Date.now()}`;
        await page.getByLabel('Name').fill(name);
        await page.getByLabel('Role').selectOption('viewer');
        await page.getByRole('button', { name: 'Create key' }).click();
        const key = (await page.getByTestId('issued-key-value').textContent())?.trim() ?? '';
        assert(/^cvk_[A-Za-z0-9_-]{8}_/.test(key), `the page shows no cvk_ key: ${key}`);
        const me = await fetch(`${urls.query}/v1/me`, { headers: { authorization: `Bearer ${key}` } });
        assert(me.status === 200, `GET /v1/me with the new key answered ${me.status}`);
        // Shown once: after leaving the page the secret is gone, the list shows the prefix only.
        await page.goto('/');
        await page.goto('/api-keys');
        const row = page.locator(`[data-testid="api-key-row"][data-key-name="${name}"]`);
        await row.waitFor();
        assert(await page.getByTestId('issued-key').count() === 0, 'the key is shown again after leaving the page');
        assert(!(await row.textContent())?.includes(key), 'the list shows the whole key');
        await row.getByRole('button', { name: 'Revoke' }).click();
        await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
        await row.getByTestId('key-revoked').waitFor();
        // Revocation takes effect within the APIs' key cache (at most 5 s).
        const deadline = Date.now() + 15_000;
        let status = 200;
        while (status !== 401 && Date.now() < deadline) {
          status = (await fetch(`${urls.query}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status;
          if (status !== 401) await page.waitForTimeout(250);
        }
        assert(status === 401, `the revoked key still answers ${status}`);
        await page.goto('/audit');
        await page.getByLabel('Actor').fill('admin');
        await page.getByRole('button', { name: 'Filter' }).click();
        await page.getByTestId('audit-row').first().waitFor();
        const rows = await page.getByTestId('audit-row').allTextContents();
        assert(rows.some((r) => /key/i.test(r)), `the audit page lists no key action of admin: ${rows.slice(0, 5).join(' | ')}`);
        await t.screenshot('audit');
      },
    },
  ];
}
