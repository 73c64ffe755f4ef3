import { parseCliArgs } from './parseCliArgs';

const me = () => 'me';

describe('parseCliArgs', () => {
  it('reads rebuild, redrive and as-of with their flags', () => {
    expect(parseCliArgs(['rebuild', 'jobs', '--from', '2026-01-01T00:00:00Z', '--dry-run', '--run', 'r1'], me)).toMatchObject({
      kind: 'rebuild', runId: 'r1', actor: 'me', options: { projection: 'jobs', from: '2026-01-01T00:00:00Z', dryRun: true, force: false },
    });
    expect(parseCliArgs(['redrive', '--type', 'http.request', '--max-redrives', '5', '--actor', 'ops'], me)).toMatchObject({
      kind: 'redrive', actor: 'ops', options: { type: 'http.request', maxRedrives: 5, dryRun: false, actor: 'ops' },
    });
    expect(parseCliArgs(['as-of', '2026-01-01T00:00:00Z'], me)).toMatchObject({ kind: 'as-of', options: { asOf: '2026-01-01T00:00:00Z' } });
  });

  it('refuses a missing projection, a flag without its value and an unknown command', () => {
    expect(() => parseCliArgs(['rebuild'], me)).toThrow(/projection/);
    expect(() => parseCliArgs(['redrive', '--type'], me)).toThrow(/needs a value/);
    expect(() => parseCliArgs(['replay'], me)).toThrow(/usage/);
  });
});
