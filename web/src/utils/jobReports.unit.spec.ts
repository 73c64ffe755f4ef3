import { logLine, progressLine, progressPercent } from './jobReports';

describe('progressPercent', () => {
  it('reads a fraction as a whole percentage, clamped to 0..100, and none as a dash', () => {
    expect(progressPercent(0.4)).toBe('40 %');
    expect(progressPercent(0.333)).toBe('33 %');
    expect(progressPercent(1)).toBe('100 %');
    expect(progressPercent(0)).toBe('0 %');
    expect(progressPercent(1.5)).toBe('100 %');
    expect(progressPercent(null)).toBe('—');
    expect(progressPercent(Number.NaN)).toBe('—');
  });
});

describe('progressLine', () => {
  it('shows a JobProgressed as its percentage and, when given, its message', () => {
    expect(progressLine({ attempt: 1, fraction: 0.4, message: '4 of 10 links checked' })).toBe('progress 40 % — 4 of 10 links checked');
    expect(progressLine({ attempt: 1, fraction: 0.4, message: null })).toBe('progress 40 %');
    expect(progressLine({ attempt: 1 })).toBe('progress —');
  });
});

describe('logLine', () => {
  it('shows a JobLogged as its level, message and fields as key=value', () => {
    expect(logLine({ attempt: 1, level: 'warn', message: 'broken link', fields: { url: 'https://example.test/x', status: 404, tags: ['a'] } })).toEqual({
      level: 'warn', message: 'broken link', fields: ['url=https://example.test/x', 'status=404', 'tags=["a"]'],
    });
  });

  it('given a line without fields or with an unknown level, then no fields and the info level', () => {
    expect(logLine({ attempt: 1, level: 'info', message: 'links found', fields: null })).toEqual({ level: 'info', message: 'links found', fields: [] });
    expect(logLine({ level: 'loud', message: 'x' }).level).toBe('info');
  });
});
