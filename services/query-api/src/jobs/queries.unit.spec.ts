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
