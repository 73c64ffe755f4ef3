/** Conveyor's roles, lowest first: a higher role includes every lower one (issue 11). */
export const roles = ['viewer', 'submitter', 'operator', 'admin'] as const;
export type Role = (typeof roles)[number];

/** The highest of `held` (unknown names ignored), or null. */
export function highestRole(held: readonly string[]): Role | null {
  const ranks = held.map((r) => roles.indexOf(r as Role)).filter((i) => i >= 0);
  return ranks.length ? (roles[Math.max(...ranks)] as Role) : null;
}

/** True when `held` includes `needed` or a higher role. */
export function hasRole(held: readonly string[], needed: Role): boolean {
  const top = highestRole(held);
  return top !== null && roles.indexOf(top) >= roles.indexOf(needed);
}
