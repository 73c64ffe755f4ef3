/**
 * Prints the coverage of `npm run coverage` (`coverage/coverage-summary.json`, Jest's json-summary) as a
 * Markdown table, for the CI job summary: `npx tsx tools/ci/coverageSummary.ts >> "$GITHUB_STEP_SUMMARY"`.
 * Exits 1 when the summary is missing (the coverage run did not get that far).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Metric { total: number; covered: number; pct: number }
type Summary = { total: Record<'lines' | 'branches' | 'functions' | 'statements', Metric> };

/** The Markdown table of the totals (public, for the test). */
export function coverageMarkdown(summary: Summary, threshold: number): string {
  const rows = (['lines', 'branches', 'functions', 'statements'] as const).map((k) => {
    const m = summary.total[k];
    return `| ${k} | ${m.pct.toFixed(1)} % | ${m.covered} / ${m.total} |`;
  });
  const verdict = summary.total.lines.pct >= threshold ? `at or above the ${threshold} % bar` : `**below the ${threshold} % bar**`;
  return ['### Coverage (unit and integration tests)', '', '| metric | covered | count |', '|---|---|---|', ...rows, '', `Lines are ${verdict}; the lcov report is the \`coverage\` artifact.`, ''].join('\n');
}

if (require.main === module) {
  const file = join(__dirname, '..', '..', 'coverage', 'coverage-summary.json');
  if (!existsSync(file)) {
    console.log('### Coverage\n\nNo coverage summary: the coverage run did not finish.\n');
    process.exit(1);
  }
  console.log(coverageMarkdown(JSON.parse(readFileSync(file, 'utf8')) as Summary, 80));
}
