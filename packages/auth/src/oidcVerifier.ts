import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { UnauthenticatedError } from '@conveyor/errors';
import { isRole, type Principal, type Role } from './roles';

export interface OidcVerifierOptions {
  /** The issuer, exactly as the tokens' `iss` says it (its discovery document is `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  /** The audience the tokens must carry in `aud`. */
  audience: string;
  /** The claim holding the user's roles (an array of strings, or one space-separated string); default `roles`. */
  rolesClaim?: string;
  /** Claim value → Conveyor role (e.g. `{"conveyor-admins":"admin"}`); values that already name a role map to themselves. */
  roleMap?: Record<string, Role>;
  /** Accepted clock skew on `exp` and `nbf`, in seconds; default 30. */
  clockToleranceSeconds?: number;
  /** For tests: another fetch. */
  fetch?: typeof fetch;
}

/** Reads a dotted claim path (`realm_access.roles`) out of a payload. */
function claimAt(payload: JWTPayload, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), payload);
}

/** The Conveyor roles a token's claim grants (pure, public): mapped through `roleMap`, unknown values ignored. */
export function rolesFromClaim(value: unknown, roleMap: Record<string, Role> = {}): Role[] {
  const raw = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/\s+/) : [];
  const out = new Set<Role>();
  for (const v of raw) {
    if (typeof v !== 'string') continue;
    const mapped = roleMap[v] ?? (isRole(v) ? v : undefined);
    if (mapped) out.add(mapped);
  }
  return [...out];
}

/**
 * Verifies OIDC JWT access tokens (public): discovers `jwks_uri` from the issuer's discovery document once
 * (again after a failure), keeps the JWKS with jose's `createRemoteJWKSet` (cached, refetched when a token
 * names an unknown key id, so the issuer's key rotation needs no restart), and checks the signature, `iss`,
 * `aud`, `exp` and `nbf` with a bounded clock skew. Every failure is a 401.
 */
export function createOidcVerifier(options: OidcVerifierOptions) {
  const issuer = options.issuer.replace(/\/$/, '');
  const tolerance = options.clockToleranceSeconds ?? 30;
  const rolesClaim = options.rolesClaim ?? 'roles';
  const doFetch = options.fetch ?? fetch;
  let jwks: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const discover = async () => {
    const res = await doFetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`the issuer's discovery document answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== 'string') throw new Error('the discovery document has no jwks_uri');
    if (typeof doc.issuer === 'string' && doc.issuer.replace(/\/$/, '') !== issuer) throw new Error(`the discovery document names issuer ${doc.issuer}`);
    return createRemoteJWKSet(new URL(doc.jwks_uri), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  };

  return {
    /** The principal of a valid token; throws UnauthenticatedError otherwise. */
    async verify(token: string): Promise<Principal> {
      jwks ??= discover();
      let keys: Awaited<typeof jwks>;
      try {
        keys = await jwks;
      } catch (err) {
        jwks = undefined;
        throw new UnauthenticatedError('the identity provider could not be reached to check the token', { cause: err });
      }
      try {
        const { payload } = await jwtVerify(token, keys, {
          issuer: [issuer, `${issuer}/`], audience: options.audience, clockTolerance: tolerance, requiredClaims: ['sub', 'exp'],
        });
        const sub = payload.sub ?? '';
        const name = [payload['preferred_username'], payload['name'], payload['email']].find((v): v is string => typeof v === 'string') ?? sub;
        return { id: sub, kind: 'user', name, roles: rolesFromClaim(claimAt(payload, rolesClaim), options.roleMap) };
      } catch (err) {
        throw new UnauthenticatedError(tokenProblem(err), { cause: err });
      }
    },
  };
}

/** A short, safe reason for a refused token. */
function tokenProblem(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed || err instanceof joseErrors.JWKSNoMatchingKey) return 'the token is not signed by the issuer';
  return 'the token is not valid';
}

export type OidcVerifier = ReturnType<typeof createOidcVerifier>;
