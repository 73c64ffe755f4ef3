import { z } from 'zod';
import { env } from '@conveyor/runtime';
import { roles, type Role } from './roles';

/**
 * The authentication settings both APIs read (public; spread into each service's config schema):
 * OIDC issuer and audience (both or neither), the roles claim and its mapping, the clock skew, the
 * bootstrap key and the API-key cache TTL.
 */
export const authConfigShape = {
  /** The OIDC issuer whose JWT access tokens are accepted; empty: API keys only. */
  OIDC_ISSUER: z.string().default(''),
  /** The audience those tokens must carry. */
  OIDC_AUDIENCE: env.string('conveyor'),
  /** The claim holding roles (a dotted path such as `realm_access.roles`). */
  OIDC_ROLES_CLAIM: env.string('roles'),
  /** Claim value → role, as JSON (`{"conveyor-admins":"admin"}`) or `value=role,…`; role names map to themselves. */
  OIDC_ROLE_MAP: z.string().default('').transform((s, ctx) => {
    try {
      return parseRoleMap(s);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  /** Accepted clock skew on exp and nbf, in seconds. */
  OIDC_CLOCK_TOLERANCE_S: env.int(30, 0, 300),
  /** An admin key named `bootstrap` (at least 32 characters), for `npm start`'s tools and the tests; empty: none. */
  AUTH_BOOTSTRAP_API_KEY: z.string().default('').refine((s) => s === '' || s.length >= 32, 'at least 32 characters'),
  /** How long an API key lookup is cached, in milliseconds: revocation and rotation take effect within it (at most 5 s). */
  API_KEY_CACHE_TTL_MS: env.int(2_000, 0, 5_000),
};

/** Parses OIDC_ROLE_MAP (pure, public): JSON object or `value=role` pairs separated by commas. */
export function parseRoleMap(text: string): Record<string, Role> {
  const trimmed = text.trim();
  if (!trimmed) return {};
  const pairs: Array<[string, unknown]> = trimmed.startsWith('{')
    ? Object.entries(JSON.parse(trimmed) as Record<string, unknown>)
    : trimmed.split(',').map((p) => {
      const [k, v] = p.split('=').map((s) => s.trim());
      return [k ?? '', v];
    });
  const out: Record<string, Role> = {};
  for (const [k, v] of pairs) {
    if (!k || !(roles as readonly unknown[]).includes(v)) throw new Error(`"${k}" must map to one of ${roles.join(', ')}`);
    out[k] = v as Role;
  }
  return out;
}
