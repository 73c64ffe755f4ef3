import type { Context } from 'koa';
import { deprecation } from './deprecation';

const document = {
  paths: {
    '/v1/jobs/{id}': {
      get: {
        deprecated: true,
        'x-deprecation': { at: '2026-12-01T00:00:00Z', sunset: '2027-06-01T00:00:00Z', successor: '/v2/jobs/{id}' },
        responses: {},
      },
      delete: { responses: {} },
    },
    '/v2/jobs/{id}': { get: { responses: {} } },
  },
};

/** The headers the middleware sets for one request (a context with only what it reads and writes). */
async function headersFor(method: string, path: string): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  const ctx = {
    method, path,
    set: (name: string, value: string) => { headers[name.toLowerCase()] = value; },
    append: (name: string, value: string) => { headers[name.toLowerCase()] = headers[name.toLowerCase()] ? `${headers[name.toLowerCase()]}, ${value}` : value; },
  };
  let reachedNext = false;
  await deprecation({ document })(ctx as unknown as Context, async () => { reachedNext = true; });
  expect(reachedNext).toBe(true);
  return headers;
}

describe('deprecation', () => {
  it('answers Deprecation, Sunset and the successor Link on a deprecated operation only', async () => {
    expect(await headersFor('GET', '/v1/jobs/42')).toEqual({
      deprecation: `@${Date.parse('2026-12-01T00:00:00Z') / 1000}`,
      sunset: 'Tue, 01 Jun 2027 00:00:00 GMT',
      link: '</v2/jobs/42>; rel="successor-version"',
    });
    expect(await headersFor('DELETE', '/v1/jobs/42')).toEqual({});
    expect(await headersFor('GET', '/v2/jobs/42')).toEqual({});
    expect(await headersFor('GET', '/v1/jobs/42/timeline')).toEqual({});
  });

  it('refuses at construction a deprecated operation without a deprecation date, or sunset before it', () => {
    const op = (notice?: object) => ({ paths: { '/v1/x': { get: { deprecated: true, 'x-deprecation': notice } } } });
    expect(() => deprecation({ document: op() })).toThrow('GET /v1/x is deprecated without x-deprecation.at');
    expect(() => deprecation({ document: op({ at: '2027-01-01T00:00:00Z', sunset: '2026-01-01T00:00:00Z' }) })).toThrow('sunset is before');
    expect(() => deprecation({ document: op({ at: 'soon' }) })).toThrow('not an ISO 8601 instant');
  });
});
