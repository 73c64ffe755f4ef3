import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2eApiKey } from './platform';

/** What a test gets: a fresh context and page, and the console problems seen so far. */
export interface TestContext {
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, and uncaught page errors, in order. */
  consoleProblems: string[];
  /** Saves a screenshot under e2e/artifacts/ (the whole page unless `fullPage` is false). */
  screenshot: (name: string, fullPage?: boolean) => Promise<void>;
  /** Prints a measurement with the test's result. */
  note: (line: string) => void;
}

export interface TestCase {
  name: string;
  viewport?: { width: number; height: number };
  /** Start signed out (the sign-in tests); every other test starts signed in as the e2e admin key. */
  signedOut?: boolean;
  run: (t: TestContext) => Promise<void>;
}

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  notes: string[];
}

/** Runs the tests one after another, each in a fresh browser context; never throws. */
export async function runTests(browser: Browser, baseURL: string, artifacts: string, tests: TestCase[]): Promise<TestResult[]> {
  mkdirSync(artifacts, { recursive: true });
  const results: TestResult[] = [];
  for (const test of tests) {
    const started = Date.now();
    const context = await browser.newContext({ baseURL, viewport: test.viewport ?? { width: 1280, height: 860 } });
    // One sign-in for every test: the dashboard's API-key session (sessionStorage), as Settings would set it.
    if (!test.signedOut) await context.addInitScript((key) => sessionStorage.setItem('conveyor.apiKey', key), e2eApiKey);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const consoleProblems: string[] = [];
    page.on('console', (msg) => {
      // Every feature is on the platform under test: a 404 of a feature endpoint is a missing feature, a problem.
      if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(`${msg.type()}: ${msg.text()} (${msg.location().url})`);
    });
    page.on('pageerror', (err) => consoleProblems.push(`pageerror: ${err.message}`));
    const slug = test.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const notes: string[] = [];
    const t: TestContext = {
      context, page, consoleProblems, note: (l) => notes.push(l),
      screenshot: async (name, fullPage = true) => void (await page.screenshot({ path: join(artifacts, `${slug}-${name}.png`), fullPage })),
    };
    try {
      await test.run(t);
      results.push({ name: test.name, ok: true, ms: Date.now() - started, notes });
      console.log(`  ✓ ${test.name} (${Date.now() - started} ms)`);
    } catch (err) {
      await page.screenshot({ path: join(artifacts, `${slug}-failure.png`), fullPage: true }).catch(() => undefined);
      const message = [
        err instanceof Error ? err.message.split('\n').slice(0, 6).join('\n    ') : String(err),
        ...(await pageState(page)),
        ...consoleProblems.slice(-3).map((c) => `console: ${c.slice(0, 300)}`),
      ].join('\n    ');
      results.push({ name: test.name, ok: false, ms: Date.now() - started, error: message, notes });
      console.log(`  ✗ ${test.name} (${Date.now() - started} ms)\n    ${message}`);
    }
    for (const n of notes) console.log(`    · ${n}`);
    await context.close();
  }
  return results;
}

/**
 * What the page showed when a test failed, for the log (CI keeps no screenshots): its address, the
 * alerts and loading states on it (a problem the API answered is shown as one); the console problems are added by the caller.
 */
async function pageState(page: Page): Promise<string[]> {
  try {
    const alerts = (await page.locator('[role="alert"], [role="status"]').allInnerTexts()).map((a) => a.replace(/\s+/g, ' ').trim()).filter(Boolean);
    return [`page: ${page.url()}`, ...alerts.slice(0, 3).map((a) => `alert: ${a.slice(0, 300)}`)];
  } catch {
    return [`page: ${page.url()}`];
  }
}

/** Fails with the console problems, if any. */
export function expectNoConsoleProblems(t: TestContext, where: string): void {
  if (t.consoleProblems.length) throw new Error(`console problems on ${where}:\n${t.consoleProblems.join('\n')}`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
