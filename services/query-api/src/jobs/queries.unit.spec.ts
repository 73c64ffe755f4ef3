import { listJobsSql, searchWords } from './queries';
import { parseListQuery } from './parseListQuery';

const sql = (query: Record<string, string>) => listJobsSql(parseListQuery(query));

describe('job list SQL', () => {
  it('splits q into lower-cased words of letters and digits', () => {
    expect(searchWords('User4217@Example.com')).toEqual(['user4217', 'example', 'com']);
    expect(searchWords('%%%')).toEqual([]);
  });

  it('searches every word whole over the word index, and q itself as a substring', () => {
    const { text, values, name } = sql({ q: 'Orders/777' });
    expect(text).toContain("@@ to_tsquery('simple', $2) and search_text ilike $1");
    expect(values).toEqual(['%Orders/777%', 'orders & 777']);
    expect(name).toBeUndefined(); // planned for its own words each time
  });

  it('matches a q without words literally, % and _ included', () => {
    expect(sql({ q: '%_%' }).values).toEqual(['%\\%\\_\\%%']);
  });

  it('uses equalities for one status and one type, and names the statement so pg prepares it once', () => {
    const one = sql({ status: 'failed', type: 'http.request' });
    expect(one.text).toMatch(/status = \$1 and type = \$2/);
    expect(one.name).toMatch(/^jobs\./);
    expect(sql({ status: 'failed,dead' }).text).toContain('status = any($1::text[])');
    expect(sql({ status: 'queued', type: 'noop' }).name).toBe(one.name); // same text, same statement
  });

  it('writes the limit (plus one) into the text, never as a parameter', () => {
    const { text, values } = sql({ limit: '50' });
    expect(text).toMatch(/limit 51$/);
    expect(values).toEqual([]);
  });
});

describe('job list SQL with a search plan', () => {
  const q = parseListQuery({ q: 'api.partner145.test', status: 'failed', limit: '50' });

  it('looks up the narrowing words in the index and tests every word on the candidates', () => {
    const { text, values } = listJobsSql(q, undefined, { indexWords: ['partner145'], walkRows: null });
    expect(text).toContain("search_vector @@ to_tsquery('simple', $4) and ts_match_vq(search_vector, to_tsquery('simple', $3)) and search_text ilike $2");
    expect(values).toEqual(['failed', '%api.partner145.test%', 'api & partner145 & test', 'partner145']);
  });

  it('walks the filtered jobs in the page order, at most walkRows, and tests the search on each', () => {
    const { text, values, name } = listJobsSql(parseListQuery({ q: 'ETIMEDOUT', status: 'failed', limit: '50' }), 'conveyor_asof_20261201000000', { indexWords: ['etimedout'], walkRows: 1000 });
    expect(text).toMatch(/from \(select \* from conveyor_asof_20261201000000\.jobs\s+where status = \$1 order by submitted_at desc, job_id desc limit 1000\) jobs where search_vector @@ to_tsquery\('simple', \$3\) and search_text ilike \$2\s+order by submitted_at desc, job_id desc limit 51$/);
    expect(values).toEqual(['failed', '%ETIMEDOUT%', 'etimedout']);
    expect(name).toBeUndefined();
  });
});
