import { copyJson, copyLine, copyTextField, copyTime, copyValue } from './copyText';

describe('COPY text encoding', () => {
  it('leaves plain text as it is', () => {
    expect(copyTextField('bench.3 ok')).toBe('bench.3 ok');
  });

  it('escapes the field separator, line breaks and the backslash, the backslash first', () => {
    expect(copyTextField('a\tb')).toBe('a\\tb');
    expect(copyTextField('line 1\nline 2\r\n')).toBe('line 1\\nline 2\\r\\n');
    expect(copyTextField('C:\\temp\\new')).toBe('C:\\\\temp\\\\new');
    // A literal backslash followed by "t" is not a tab.
    expect(copyTextField('\\t')).toBe('\\\\t');
  });

  it('writes NULL as \\N and the text "\\N" as an escaped backslash and N', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue('\\N')).toBe('\\\\N');
    expect(copyValue('')).toBe('');
  });

  it('writes numbers, booleans and int arrays as Postgres reads them', () => {
    expect(copyValue(0)).toBe('0');
    expect(copyValue(0.25)).toBe('0.25');
    expect(copyValue(12n)).toBe('12');
    expect(copyValue(true)).toBe('true');
    expect(copyValue([1, 0, 3])).toBe('{1,0,3}');
    expect(copyValue([])).toBe('{}');
  });

  it('writes a JSON value as its JSON text, escaped: escapes inside JSON strings survive, NULL stays NULL', () => {
    const payload = { text: 'tab\there\nnewline', path: 'C:\\dir', quote: '"q"', nested: [1, null, { a: '\\' }] };
    const field = copyJson(payload);
    expect(field).not.toMatch(/[\t\n\r]/);
    // Undoing the COPY escapes gives the JSON text back, which parses to the same value.
    const unescaped = field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
    expect(JSON.parse(unescaped)).toEqual(payload);
    expect(copyJson(null)).toBe('\\N');
    expect(copyJson(undefined)).toBe('\\N');
    expect(copyJson('a string')).toBe('"a string"');
    expect(copyJson({ s: 'line\nbreak' })).toBe('{"s":"line\\\\nbreak"}');
  });

  it('writes times as ISO 8601 and a line as tab-separated fields ending in a newline', () => {
    expect(copyTime(Date.UTC(2026, 11, 3, 15, 0, 0, 5))).toBe('2026-12-03T15:00:00.005Z');
    expect(copyTime(null)).toBe('\\N');
    expect(copyLine(['a', '\\N', 'c\\tx'])).toBe('a\t\\N\tc\\tx\n');
  });
});
