import { createHash } from 'node:crypto';
import { pgbenchText, readQueries, seededJobId } from './readWorkload';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('read bench workload', () => {
  it('inlines parameters as literals and puts pgbench expressions where given', () => {
    expect(pgbenchText('select $1::text[], $2, $3', [['a', 'b'], "o'k"], { 3: ':i' }, '\\set i random(1, 9)\n'))
      .toBe(`\\set i random(1, 9)\nselect '{"a","b"}'::text[], 'o''k', :i;`);
  });

  it('derives the same job ids as the seed (md5 of the row number as a uuid)', () => {
    expect(seededJobId(1, md5)).toBe('c4ca4238-a0b9-2382-0dcc-509a6f75849b');
  });

  it('plans pgbench\'s search statements from the word shares as the API does', () => {
    const search = (shares?: ReadonlyMap<string, number>) => readQueries(1000, md5, shares).find((q) => q.name === 'search')?.scripts ?? [];
    const walks = (scripts: Array<{ text: string }>) => scripts.filter((s) => s.text.includes('limit 50000) jobs where')).length;
    expect(walks(search())).toBe(0);
    expect(walks(search(new Map([['etimedout', 0.013]])))).toBe(1);
  });

  it('gives pgbench prepared statements without a colon pgbench would take for a variable', () => {
    for (const q of readQueries(1000, md5)) {
      expect(q.path()).toMatch(/^\/v1\/jobs/);
      if (q.protocol === 'prepared') for (const s of q.scripts) expect(s.text.replace(/::|:i\b/g, '')).not.toContain(':');
    }
  });
});
