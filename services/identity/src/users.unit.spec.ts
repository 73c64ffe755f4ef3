import { authenticate, findUser, seededUsers } from './users';

describe('seeded users', () => {
  it('has one user per Conveyor role, each holding that role', () => {
    expect(seededUsers.map((u) => [u.username, u.roles])).toEqual([['admin', ['admin']], ['operator', ['operator']], ['submitter', ['submitter']], ['viewer', ['viewer']]]);
  });

  it('authenticates a user by name and password (the name trimmed)', () => {
    expect(authenticate(seededUsers, ' operator ', 'conveyor-operator')?.sub).toBe('operator');
  });

  it.each([['operator', 'conveyor-admin'], ['nobody', 'conveyor-admin'], ['admin', ''], ['', '']])('refuses %s with password %j', (name, password) => {
    expect(authenticate(seededUsers, name, password)).toBeUndefined();
  });

  it('finds a user by subject', () => {
    expect(findUser(seededUsers, 'viewer')?.name).toBe('Vera Viewer');
    expect(findUser(seededUsers, 'key:1')).toBeUndefined();
  });
});
