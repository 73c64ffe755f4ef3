import { existsSync } from 'node:fs';
import { join } from 'node:path';

type TestFile = { tests?: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }> };

/**
 * Problems with the alerts' runbooks and tests (public to tools/checkMetrics.ts): each alert has a
 * `runbook_url` naming an existing `docs/runbooks/<alert>.md`, and a promtool test where it fires
 * and one where it does not.
 */
export function alertCoverage(root: string, alerts: Array<{ file: string; name: string; runbookUrl?: string }>, tests: TestFile[]): string[] {
  const firing = new Set<string>();
  const silent = new Set<string>();
  for (const test of tests.flatMap((t) => t.tests ?? []).flatMap((t) => t.alert_rule_test ?? [])) {
    (test.exp_alerts?.length ? firing : silent).add(test.alertname);
  }
  return alerts.flatMap(({ file, name, runbookUrl }) => [
    ...(runbookUrl === `docs/runbooks/${name}.md` ? [] : [`${file} (alert ${name}): runbook_url must be docs/runbooks/${name}.md`]),
    ...(existsSync(join(root, 'docs/runbooks', `${name}.md`)) ? [] : [`${file} (alert ${name}): docs/runbooks/${name}.md is missing`]),
    ...(firing.has(name) ? [] : [`${file} (alert ${name}): no promtool test where it fires`]),
    ...(silent.has(name) ? [] : [`${file} (alert ${name}): no promtool test where it stays silent`]),
  ]);
}
