import { createPermissionLookup } from './permissions';
import { hasRole, highestRole } from './roles';
import { parseRoleMap } from './authConfig';
import { rolesFromClaim } from './oidcVerifier';

describe('the permission table', () => {
  const command = createPermissionLookup('command');
  const query = createPermissionLookup('query');

  it('finds the row of a request path, literal segments before parameters, HEAD as GET', () => {
    expect(command('POST', '/v1/jobs')?.permission).toBe('submitter');
    expect(command('POST', '/v1/jobs/8c1d8a55-1d67-4bd4-9c43-5b0c5f2b2a0e/cancel')?.permission).toBe('submitter');
    expect(query('GET', '/v1/replays/snapshots')?.path).toBe('/v1/replays/snapshots');
    expect(query('HEAD', '/v1/jobs')?.permission).toBe('viewer');
    expect(query('GET', '/healthz')?.permission).toBe('public');
    expect(command('GET', '/v1/nothing')).toBeNull();
    expect(command('DELETE', '/v1/jobs')).toBeNull();
  });
});

describe('roles', () => {
  it('a higher role includes the lower ones', () => {
    expect(hasRole(['operator'], 'submitter')).toBe(true);
    expect(hasRole(['viewer'], 'submitter')).toBe(false);
    expect(hasRole([], 'viewer')).toBe(false);
    expect(highestRole(['viewer', 'admin', 'submitter'])).toBe('admin');
  });

  it('maps claim values through OIDC_ROLE_MAP, ignoring unknown ones', () => {
    const map = parseRoleMap('{"conveyor-admins":"admin","ops":"operator"}');
    expect(rolesFromClaim(['conveyor-admins', 'viewer', 'unknown'], map).sort()).toEqual(['admin', 'viewer']);
    expect(rolesFromClaim('ops viewer', map).sort()).toEqual(['operator', 'viewer']);
    expect(rolesFromClaim(undefined, map)).toEqual([]);
    expect(parseRoleMap('a=admin, b=viewer')).toEqual({ a: 'admin', b: 'viewer' });
    expect(() => parseRoleMap('a=root')).toThrow(/one of viewer, submitter, operator, admin/);
  });
});
