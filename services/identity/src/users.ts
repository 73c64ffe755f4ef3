import { createHash, timingSafeEqual } from 'node:crypto';

/** A person who can sign in at the local identity provider. */
export interface LocalUser {
  /** The OIDC subject (`sub`): the principal id the APIs record as the actor. */
  sub: string;
  username: string;
  name: string;
  /** The `roles` claim of this user's access tokens. */
  roles: string[];
  password: string;
}

/**
 * The seeded users, one per Conveyor role (the README lists them). Development only: the passwords are
 * public, which is why the provider binds to 127.0.0.1 by default and production uses another issuer.
 */
export const seededUsers: readonly LocalUser[] = [
  { sub: 'admin', username: 'admin', name: 'Ada Admin', roles: ['admin'], password: 'conveyor-admin' },
  { sub: 'operator', username: 'operator', name: 'Otto Operator', roles: ['operator'], password: 'conveyor-operator' },
  { sub: 'submitter', username: 'submitter', name: 'Sam Submitter', roles: ['submitter'], password: 'conveyor-submitter' },
  { sub: 'viewer', username: 'viewer', name: 'Vera Viewer', roles: ['viewer'], password: 'conveyor-viewer' },
];

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The user whose name and password match, compared in constant time; undefined otherwise. */
export function authenticate(users: readonly LocalUser[], username: string, password: string): LocalUser | undefined {
  const user = users.find((u) => u.username === username.trim());
  // Compare against something even for an unknown name, so timing does not tell which names exist.
  const ok = timingSafeEqual(digest(password), digest(user?.password ?? '\u0000no user'));
  return user && ok ? user : undefined;
}

/** The user with this subject, if any. */
export const findUser = (users: readonly LocalUser[], sub: string): LocalUser | undefined => users.find((u) => u.sub === sub);
