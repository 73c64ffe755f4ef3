/**
 * The roles of Conveyor, lowest first (public): `viewer` reads; `submitter` also submits and cancels its
 * own jobs; `operator` also handles dead letters, schedules and cancels any job; `admin` also replays and
 * manages API keys and users. A higher role includes every lower one.
 */
export const roles = ['viewer', 'submitter', 'operator', 'admin'] as const;

export type Role = (typeof roles)[number];

/** Tells whether a string names a role (pure, public). */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The rank of a role: 0 for viewer up to 3 for admin (pure, public). */
export const roleRank = (role: Role): number => roles.indexOf(role);

/** Tells whether any of `held` is `required` or a higher role (pure, public). */
export function hasRole(held: readonly Role[], required: Role): boolean {
  return held.some((r) => roleRank(r) >= roleRank(required));
}

/** The highest of `held`, or null when it is empty (pure, public). */
export function highestRole(held: readonly Role[]): Role | null {
  return held.reduce<Role | null>((top, r) => (top === null || roleRank(r) > roleRank(top) ? r : top), null);
}

/** Per-principal rate limits a key may carry (enforced by the rate-limit middleware), in requests per second. */
export interface RateLimits {
  submitPerSecond?: number;
  readsPerSecond?: number;
}

/**
 * Who sent a request (public), set by the authentication middleware on `ctx.state.principal`. `id` is the
 * OIDC subject or `key:<keyId>`; it is the actor recorded on every event the request causes.
 */
export interface Principal {
  id: string;
  kind: 'user' | 'apiKey';
  name: string;
  roles: Role[];
  rateLimits?: RateLimits;
}
