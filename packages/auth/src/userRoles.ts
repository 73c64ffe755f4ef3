import type { Pool } from '@conveyor/runtime';
import { isRole, type Principal, type Role } from './roles';

/**
 * Adds the roles an admin assigned to a user (`user_roles`, migration 011) to those of its token, and
 * records that the user was seen (`user_logins`, at most once a minute per process) (public). Lookups are
 * cached for `ttlMs`, so a change takes effect within it.
 */
export function createUserRoles(deps: { pool: Pick<Pool, 'query'>; ttlMs: number; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { at: number; roles: Promise<Role[]> }>();
  const seen = new Map<string, number>();
  const assigned = (subject: string): Promise<Role[]> => {
    const hit = cache.get(subject);
    if (hit && now() - hit.at < deps.ttlMs) return hit.roles;
    const roles = deps.pool.query<{ roles: string[] }>('select roles from user_roles where subject = $1', [subject])
      .then(({ rows }) => (rows[0]?.roles ?? []).filter(isRole));
    cache.set(subject, { at: now(), roles });
    roles.catch(() => cache.delete(subject));
    if (cache.size > 10_000) cache.delete(cache.keys().next().value as string);
    return roles;
  };
  return async (user: Principal): Promise<Principal> => {
    if ((seen.get(user.id) ?? 0) + 60_000 <= now()) {
      seen.set(user.id, now());
      deps.pool.query(
        `insert into user_logins (subject, name, token_roles, last_seen_at) values ($1, $2, $3, $4)
         on conflict (subject) do update set name = excluded.name, token_roles = excluded.token_roles, last_seen_at = excluded.last_seen_at`,
        [user.id, user.name, user.roles, new Date(now())],
      ).catch(() => seen.delete(user.id));
    }
    const extra = await assigned(user.id);
    return { ...user, roles: [...new Set([...user.roles, ...extra])] };
  };
}
