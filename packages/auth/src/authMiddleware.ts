import type { Context, Middleware } from 'koa';
import { ForbiddenError, UnauthenticatedError } from '@conveyor/errors';
import type { Authenticator } from './authenticator';
import { createPermissionLookup, permissionTable, type ApiName, type PermissionRow } from './permissions';
import { hasRole, type Principal } from './roles';

export interface AuthMiddlewareOptions {
  api: ApiName;
  authenticator: Pick<Authenticator, 'authenticate'>;
  table?: readonly PermissionRow[];
  /** Paths that also take the token as `?access_token=` (EventSource cannot send headers). */
  queryTokenPaths?: readonly string[];
}

const realm = 'Bearer realm="conveyor"';

/** The principal the authentication middleware set (public); throws when a route runs without one. */
export function principalOf(ctx: Pick<Context, 'state'>): Principal {
  const principal = (ctx.state as { principal?: Principal }).principal;
  if (!principal) throw new UnauthenticatedError('no credentials were checked for this request');
  return principal;
}

/** The bearer token of a request: the Authorization header, or `access_token` on the paths that allow it. */
function bearerToken(ctx: Context, queryTokenPaths: readonly string[]): string | null {
  const header = ctx.get('authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m?.[1]) throw challenge(new UnauthenticatedError('the Authorization header must be "Bearer <token>"'), ctx, 'invalid_request');
    return m[1];
  }
  const fromQuery = ctx.query['access_token'];
  if (typeof fromQuery === 'string' && fromQuery && queryTokenPaths.includes(ctx.path)) {
    // Taken out of the query: the route's parameter parser does not know it, and it must not reach logs.
    const { access_token: _token, ...rest } = ctx.query;
    ctx.query = rest;
    return fromQuery;
  }
  return null;
}

/** Sets WWW-Authenticate (RFC 6750) on the answer of a refused request; the problem middleware keeps it. */
function challenge(err: UnauthenticatedError, ctx: Context, error?: 'invalid_token' | 'invalid_request'): UnauthenticatedError {
  ctx.set('WWW-Authenticate', error ? `${realm}, error="${error}", error_description="${err.message.replace(/"/g, "'")}"` : realm);
  return err;
}

/**
 * Authentication and authorization of an API (public), after CORS and the operational routes: looks the
 * request up in the permission table; a `public` row passes; otherwise the bearer token must name a
 * principal (401 with WWW-Authenticate when missing or not valid), set on `ctx.state.principal`, holding
 * the row's role (403 otherwise). A request no row matches still needs credentials, then meets the
 * router's 404.
 */
export function authMiddleware(options: AuthMiddlewareOptions): Middleware {
  const lookup = createPermissionLookup(options.api, options.table ?? permissionTable);
  const queryTokenPaths = options.queryTokenPaths ?? [];
  return async (ctx, next) => {
    const row = lookup(ctx.method, ctx.path);
    if (row?.permission === 'public') return next();
    const token = bearerToken(ctx, queryTokenPaths);
    if (!token) throw challenge(new UnauthenticatedError('credentials are required: Authorization: Bearer <API key or access token>'), ctx);
    let principal: Principal;
    try {
      principal = await options.authenticator.authenticate(token);
    } catch (err) {
      if (err instanceof UnauthenticatedError) throw challenge(err, ctx, 'invalid_token');
      throw err;
    }
    ctx.state['principal'] = principal;
    if (row && !hasRole(principal.roles, row.permission)) {
      throw new ForbiddenError(`${row.method} ${row.path} needs the role ${row.permission}; ${principal.name} has ${principal.roles.join(', ') || 'none'}`);
    }
    await next();
  };
}
