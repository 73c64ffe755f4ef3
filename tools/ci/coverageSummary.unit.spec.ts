import { coverageMarkdown } from './coverageSummary';

const metric = (covered: number, total: number) => ({ covered, total, pct: (covered / total) * 100 });

describe('coverageMarkdown', () => {
  it('tables the totals and says whether lines meet the bar', () => {
    const summary = { total: { lines: metric(871, 1000), branches: metric(84, 100), functions: metric(89, 100), statements: metric(871, 1000) } };
    const text = coverageMarkdown(summary, 80);
    expect(text).toContain('| lines | 87.1 % | 871 / 1000 |');
    expect(text).toContain('| branches | 84.0 % | 84 / 100 |');
    expect(text).toContain('at or above the 80 % bar');
    expect(coverageMarkdown({ total: { ...summary.total, lines: metric(79, 100) } }, 80)).toContain('**below the 80 % bar**');
  });
});
