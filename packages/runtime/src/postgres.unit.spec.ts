import { prepared } from './postgres';

describe('prepared', () => {
  it('names a statement after its text: the same text, the same name', () => {
    expect(prepared('select 1').name).toBe(prepared('select 1').name);
    expect(prepared('select 1').name).not.toBe(prepared('select 2').name);
  });

  it('carries the text and the values as pg takes them', () => {
    const s = prepared('select $1::int', [7]);
    expect(s).toEqual({ name: expect.stringMatching(/^s\.[A-Za-z0-9_-]{20}$/), text: 'select $1::int', values: [7] });
    expect(prepared('select 1')).not.toHaveProperty('values');
  });

  it('keeps names within the 63 bytes of a Postgres identifier', () => {
    expect(Buffer.byteLength(prepared('x'.repeat(10_000)).name)).toBeLessThanOrEqual(63);
  });
});
