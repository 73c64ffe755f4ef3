import { unpinnedActions } from './lintWorkflows';

describe('unpinnedActions', () => {
  it('accepts local actions and full SHAs with a version comment', () => {
    const text = [
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
      '        uses: github/codeql-action/init@51f77329afa6477de8c49fc9c7046c15b9a4e79d # v3.29.5',
      '    uses: ./.github/workflows/ci.yml',
    ].join('\n');
    expect(unpinnedActions(text)).toEqual([]);
  });

  it('refuses tags, short SHAs and SHAs without their version', () => {
    const text = [
      '      - uses: actions/checkout@v4',
      '      - uses: actions/checkout@11bd719',
      '      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683',
    ].join('\n');
    expect(unpinnedActions(text)).toHaveLength(3);
  });
});
