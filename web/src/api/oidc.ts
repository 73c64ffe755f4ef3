import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

/** Where and as whom the dashboard signs in: the build-time variables, else the local identity provider. */
export interface OidcSettings {
  /** The issuer URL; empty when the dashboard signs in with API keys only. */
  issuer: string;
  clientId: string;
  scope: string;
}

export function oidcSettings(): OidcSettings {
  const host = typeof location === 'undefined' ? '127.0.0.1' : location.hostname;
  const configured = import.meta.env.VITE_OIDC_ISSUER;
  return {
    issuer: (configured ?? `http://${host}:3004`).replace(/\/+$/, ''),
    clientId: import.meta.env.VITE_OIDC_CLIENT_ID || 'conveyor-dashboard',
    scope: import.meta.env.VITE_OIDC_SCOPE || 'openid profile roles',
  };
}

let manager: UserManager | null = null;

/**
 * The one oidc-client-ts manager (authorization code + PKCE S256, which it always uses for `code`): tokens in
 * sessionStorage (gone with the tab), renewed before expiry with the refresh token, else by signing in again.
 * Null when no issuer is configured.
 */
export function userManager(): UserManager | null {
  const settings = oidcSettings();
  if (!settings.issuer) return null;
  manager ??= new UserManager({
    authority: settings.issuer,
    client_id: settings.clientId,
    redirect_uri: `${location.origin}/auth/callback`,
    post_logout_redirect_uri: `${location.origin}/`,
    response_type: 'code',
    scope: settings.scope,
    automaticSilentRenew: true,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return manager;
}
