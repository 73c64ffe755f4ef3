import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LoadTestSettings } from '../parseArgs';
import type { LoadTestResults } from '../runLoadTest';
import { renderHtmlReport } from './renderHtmlReport';

/** Writes `<dir>/<time>-<id>.json` and `.html`; returns their paths. */
export async function writeReports(dir: string, settings: LoadTestSettings, results: LoadTestResults): Promise<{ json: string; html: string }> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const base = join(folder, `${results.startedAt.replace(/[:.]/g, '-')}-${results.runId.slice(0, 8)}`);
  await writeFile(`${base}.json`, `${JSON.stringify({ settings, results }, null, 2)}\n`);
  await writeFile(`${base}.html`, renderHtmlReport(settings, results));
  return { json: `${base}.json`, html: `${base}.html` };
}
