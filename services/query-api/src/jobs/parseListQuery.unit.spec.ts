import { ValidationError } from '@conveyor/errors';
import { encodeCursor } from './cursor';
import { parseListQuery } from './parseListQuery';

const errorsOf = (query: Record<string, string | string[]>) => {
  try {
    parseListQuery(query);
  } catch (err) {
    if (err instanceof ValidationError) return err.errors;
    throw err;
  }
  throw new Error('accepted');
};

describe('parseListQuery', () => {
  it('defaults: newest first, 50 per page, no filter', () => {
    expect(parseListQuery({})).toEqual({ statuses: [], types: [], from: null, to: null, q: null, sort: '-submittedAt', limit: 50, cursor: null, asOf: null });
  });

  it('reads comma lists, repeated parameters, dates, search, sort, limit and cursor', () => {
    const cursor = encodeCursor({ sort: 'submittedAt', value: '2026-01-01 00:00:00+00', jobId: '5b1f3f3e-2c1a-4f7e-9d0a-1b2c3d4e5f60' });
    expect(parseListQuery({
      status: ['failed,dead', 'retrying'], type: 'http.request, noop', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+02:00',
      q: '  timeout ', sort: 'submittedAt', limit: '200', cursor,
    })).toEqual({
      statuses: ['failed', 'dead', 'retrying'], types: ['http.request', 'noop'], from: Date.parse('2026-01-01T00:00:00Z'),
      to: Date.parse('2026-01-01T22:00:00Z'), q: 'timeout', sort: 'submittedAt', limit: 200,
      cursor: { sort: 'submittedAt', value: '2026-01-01 00:00:00+00', jobId: '5b1f3f3e-2c1a-4f7e-9d0a-1b2c3d4e5f60' },
      asOf: null,
    });
  });

  it('reads asOf: the as-of snapshot to read instead of the live read model', () => {
    expect(parseListQuery({ asOf: '2026-01-01T12:00:00Z' }).asOf).toBe(Date.parse('2026-01-01T12:00:00Z'));
    expect(errorsOf({ asOf: 'yesterday' })?.map((e) => e.path)).toEqual(['asOf']);
  });

  it('names every bad parameter', () => {
    const errors = errorsOf({ status: 'done', limit: '0', from: 'yesterday', sort: 'type', color: 'red' });
    expect(errors?.map((e) => e.path).sort()).toEqual(['color', 'from', 'limit', 'sort', 'status.0']);
  });

  it.each([['limit', '201'], ['limit', '2.5'], ['q', 'x'.repeat(201)], ['q', 'ab'], ['q', '  a  ']])('refuses %s=%s', (key, value) => {
    expect(errorsOf({ [key]: value })?.[0]?.path).toBe(key);
  });

  it('refuses to before from', () => {
    expect(errorsOf({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' })).toEqual([{ path: 'to', message: 'must not be before from' }]);
  });
});
