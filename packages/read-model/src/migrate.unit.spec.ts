import { splitStatements } from './migrate';

describe('migration statements', () => {
  it('splits at a semicolon ending a line and drops comment lines', () => {
    expect(splitStatements('-- migrate: no-transaction\n-- why\ndrop index concurrently if exists a;\ncreate index concurrently a\n  on t (x);\nanalyze t;\n'))
      .toEqual(['drop index concurrently if exists a', 'create index concurrently a\n  on t (x)', 'analyze t']);
  });
});
