import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider' with { 'resolution-mode': 'import' };
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider' with { 'resolution-mode': 'import' };
import type { Logger } from '@conveyor/runtime';
import { contentSecurity, createInteractions } from './interactions';
import { errorPage, logoutPage } from './pages';
import type { ProviderKeys } from './signingKeys';
import { findUser, type LocalUser } from './users';

/** The dashboard's OAuth client: public (no secret), authorization code with PKCE S256. */
export const dashboardClientId = 'conveyor-dashboard';
/** The resource indicator of the Conveyor APIs; the tokens for it carry the audience `audience`. */
export const apiResource = 'urn:conveyor:api';
/** The dashboard's callback path, on every dashboard origin. */
export const callbackPath = '/auth/callback';

export interface IdentityProviderOptions {
  /** The issuer URL, without a trailing slash, e.g. `http://127.0.0.1:3004`. */
  issuer: string;
  /** The `aud` of the access tokens. */
  audience: string;
  /** Dashboard origins, e.g. `http://127.0.0.1:3000`: redirect targets and CORS origins. */
  dashboardOrigins: string[];
  keys: ProviderKeys;
  users: readonly LocalUser[];
  /** Access token lifetime, in seconds. */
  accessTokenTtl: number;
  logger: Logger;
}

export interface IdentityProvider {
  provider: Provider;
  /** Listens on host:port (0 picks a free port); resolves with the port. */
  listen: (port: number, host: string) => Promise<number>;
  /** Stops accepting connections and closes the open ones. */
  close: () => Promise<void>;
}

/**
 * The local OpenID Connect provider (development and tests): `oidc-provider` with the dashboard as its one
 * client, the seeded users as accounts, and JWT access tokens for the Conveyor APIs that carry a `roles`
 * claim. State (sessions, grants, codes, refresh tokens) lives in memory: a restart signs everyone out,
 * while the signing keys persist, so access tokens already issued stay valid.
 */
export async function createIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const { issuer, audience, dashboardOrigins, keys, users, accessTokenTtl, logger } = options;
  const { default: ProviderClass, errors } = await import('oidc-provider');
  const rolesOf = (sub: string) => findUser(users, sub)?.roles ?? [];

  const configuration: Configuration = {
    clients: [{
      client_id: dashboardClientId,
      client_name: 'the Conveyor dashboard',
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: dashboardOrigins.map((o) => `${o}${callbackPath}`),
      post_logout_redirect_uris: dashboardOrigins.map((o) => `${o}/`),
    }],
    pkce: { required: () => true },
    jwks: keys.jwks as Configuration['jwks'],
    cookies: { keys: keys.cookieKeys },
    scopes: ['openid', 'profile', 'roles', 'offline_access'],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], roles: ['roles'] },
    async findAccount(_ctx, sub) {
      const user = findUser(users, sub);
      if (!user) return undefined;
      return { accountId: sub, claims: () => ({ sub, name: user.name, preferred_username: user.username, roles: user.roles }) };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          ctx.type = 'html';
          ctx.body = logoutPage(form, contentSecurity(ctx));
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => apiResource,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resource) {
          if (resource !== apiResource) throw new errors.InvalidTarget(`unknown resource; use ${apiResource}`);
          return { scope: 'api', audience, accessTokenTTL: accessTokenTtl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // The APIs read the roles from the access token itself (issue 11, `OIDC_ROLES_CLAIM`).
    extraTokenClaims: (_ctx, token) => ('accountId' in token && token.accountId ? { roles: rolesOf(token.accountId), preferred_username: findUser(users, token.accountId)?.username } : undefined),
    // Refresh tokens keep the dashboard signed in past an access token's life without the offline_access consent dance.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin) => dashboardOrigins.includes(origin),
    ttl: { AccessToken: accessTokenTtl, AuthorizationCode: 60, IdToken: 3600, Interaction: 900, Session: 8 * 3600, Grant: 8 * 3600, RefreshToken: 8 * 3600 },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('Sign-in failed', `${out.error}: ${out.error_description ?? ''}`, contentSecurity(ctx));
    },
  };

  const provider = new ProviderClass(issuer, configuration);
  provider.on('server_error', (_ctx: unknown, err: Error) => logger.error({ err }, 'identity provider error'));
  provider.on('authorization.error', (_ctx: unknown, err: Error) => logger.warn({ err: err.message }, 'authorization refused'));
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    if (ctx.path === '/healthz' || ctx.path === '/readyz') {
      ctx.body = { status: 'ok' };
      return;
    }
    return next();
  });
  provider.use(createInteractions({ provider, users }));

  const server: Server = createServer(provider.callback());
  return {
    provider,
    listen: (port, host) => new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    }),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
