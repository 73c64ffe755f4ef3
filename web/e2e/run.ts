/**
 * End-to-end tests of the dashboard against the real platform, in Debian's chromium driven by
 * playwright-core (no browser download). Uses the running platform, or starts it with `npm start`
 * and stops it at the end. Prints each test's result and exits non-zero when one fails;
 * screenshots go to web/e2e/artifacts/.
 *
 * Environment: E2E_WEB_URL / E2E_COMMAND_URL / E2E_QUERY_URL / E2E_IDP_URL (defaults :3000/:3001/:3002/:3004),
 * AUTH_BOOTSTRAP_API_KEY (the admin key the tests act with; made up and passed to `npm start` when unset),
 * CHROMIUM_PATH (default /usr/bin/chromium), E2E_START_TIMEOUT_MS (default 600000), E2E_GREP (run only
 * the tests whose name matches this regular expression).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runTests } from './harness';
import { ensurePlatform, platformUrls, repoRootOf, warmUp } from './platform';
import { responsiveTests } from './responsive';
import { dashboardTests } from './tests';
import { identityTests } from './identity';
import { webhookTests } from './webhooks';

const e2eDir = import.meta.dirname;
const artifacts = join(e2eDir, 'artifacts');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function main(): Promise<number> {
  mkdirSync(artifacts, { recursive: true });
  if (!existsSync(executablePath)) {
    console.error(`e2e: no chromium at ${executablePath}; install it with \`apt-get install -y chromium\``);
    return 1;
  }

  // 1. The platform: the running one, or one started here.
  const platform = await ensurePlatform({
    repoRoot: repoRootOf(e2eDir),
    logFile: join(artifacts, 'platform.log'),
    timeoutMs: Number(process.env.E2E_START_TIMEOUT_MS ?? 600_000),
  });

  // 2. The browser: a fresh profile per launch.
  const browser = await chromium.launch({ executablePath, args });
  let failed = 0;
  let passed = 0;
  try {
    const warm = await warmUp(platformUrls, Number(process.env.E2E_WARMUP_TIMEOUT_MS ?? 180_000));
    console.log(`e2e: a noop job ran end to end in ${warm} ms (warm-up)`);
    console.log(`e2e: ${platformUrls.web} (chromium ${browser.version()})`);
    // E2E_GREP: run only the tests whose name matches (a regular expression), e.g. while fixing one.
    const grep = process.env.E2E_GREP ? new RegExp(process.env.E2E_GREP, 'i') : undefined;
    const tests = [...identityTests(platformUrls), ...dashboardTests(platformUrls), ...responsiveTests(platformUrls), ...webhookTests(platformUrls)].filter((test) => !grep || grep.test(test.name));
    const results = await runTests(browser, platformUrls.web, artifacts, tests);
    passed = results.filter((r) => r.ok).length;
    failed = results.length - passed;
  } finally {
    // 3. Clean up what this run started.
    await browser.close();
    await platform.stop();
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error('e2e:', err instanceof Error ? err.message : err);
  process.exit(1);
});
