import { checkReplayRequest, replayDedupKey } from './replayService';
import { parseReplayRequest } from './parseReplayRequest';

const now = Date.parse('2026-12-03T12:00:00Z');
const key = (body: unknown) => replayDedupKey(parseReplayRequest(body));

describe('replay requests over the API (issue 11)', () => {
  it('refuses force, and a from or asOf in the future, naming the field', () => {
    expect(() => checkReplayRequest(parseReplayRequest({ kind: 'rebuild', force: true }), now)).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ path: '/force' })] }));
    expect(() => checkReplayRequest(parseReplayRequest({ kind: 'rebuild', from: '2026-12-04T00:00:00Z' }), now)).toThrow(/from is in the future/);
    expect(() => checkReplayRequest(parseReplayRequest({ kind: 'as-of', asOf: '2026-12-04T00:00:00Z' }), now)).toThrow(/asOf is in the future/);
    expect(() => checkReplayRequest(parseReplayRequest({ kind: 'rebuild', from: '2026-12-01T00:00:00Z', force: false }), now)).not.toThrow();
  });

  it('identical requests share a dedup key whatever the reason or key order; other options do not', () => {
    expect(key({ kind: 'rebuild', projection: 'jobs', dryRun: true, reason: 'a' })).toBe(key({ reason: 'b', dryRun: true, projection: 'jobs', kind: 'rebuild' }));
    expect(key({ kind: 'rebuild', projection: 'jobs' })).not.toBe(key({ kind: 'rebuild', projection: 'jobs', dryRun: true }));
    expect(key({ kind: 'redrive', type: 'x' })).not.toBe(key({ kind: 'redrive', type: 'y' }));
    expect(key({ kind: 'as-of', asOf: '2026-12-01T10:00:00.100Z' })).toBe(key({ kind: 'as-of', asOf: '2026-12-01T11:00:00.900+01:00' }));
    expect(key({ kind: 'as-of', asOf: '2026-12-01T10:00:00Z' })).toBe('as-of:conveyor_asof_20261201100000');
  });
});
