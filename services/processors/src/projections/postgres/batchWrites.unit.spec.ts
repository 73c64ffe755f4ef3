import { writesStatement } from './batchWrites';

describe('writesStatement', () => {
  it('joins the parts into one statement of CTEs, numbering their values in order, and counts every part', () => {
    const statement = writesStatement([
      { name: 'jobs_upserted', sql: (param) => `insert into jobs select * from jsonb_to_recordset(${param('[1]')}::jsonb) returning 1` },
      { name: 'jobs_notified', sql: (param) => `select pg_notify(${param('ch')}, p) from unnest(${param(['a', 'b'])}::text[]) as p` },
    ]);
    expect(statement).toEqual({
      text: 'with jobs_upserted as (insert into jobs select * from jsonb_to_recordset($1::jsonb) returning 1),\n'
        + 'jobs_notified as (select pg_notify($2, p) from unnest($3::text[]) as p)\n'
        + 'select (select count(*) from jobs_upserted) as jobs_upserted, (select count(*) from jobs_notified) as jobs_notified',
      values: ['[1]', 'ch', ['a', 'b']],
    });
  });

  it('has nothing to send without parts', () => {
    expect(writesStatement([])).toBeNull();
  });

  it('refuses two parts of one name (one CTE would hide the other) and names that are not identifiers', () => {
    const part = { name: 'x', sql: () => 'select 1' };
    expect(() => writesStatement([part, part])).toThrow(/unique/);
    expect(() => writesStatement([{ name: 'x; drop', sql: () => 'select 1' }])).toThrow(/identifiers/);
  });
});
