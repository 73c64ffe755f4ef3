import { runbookSteps, stepNamed } from './runbookSteps';

const doc = [
  '# Runbook', '', 'Text.', '', '```sh', '# drill: recreate', 'npm run migrate -- up', '```', '',
  '```sh', 'echo not drilled', '```', '', '```sh', '# drill: verify', 'npm run replay -- rebuild all --dry-run', 'echo done', '```', '',
].join('\n');

describe('runbookSteps', () => {
  it('returns the marked sh blocks in order, without the marker line', () => {
    expect(runbookSteps(doc)).toEqual([
      { name: 'recreate', script: 'npm run migrate -- up' },
      { name: 'verify', script: 'npm run replay -- rebuild all --dry-run\necho done' },
    ]);
  });

  it('names the runbook and the step when a step is missing', () => {
    expect(() => stepNamed(runbookSteps(doc), 'detect', 'docs/x.md')).toThrow('docs/x.md has no drilled step "detect"');
  });
});
