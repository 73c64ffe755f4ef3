import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { User as OidcUser } from 'oidc-client-ts';
import { ApiError, toProblem } from '@/api/ApiError';
import { setBearer } from '@/api/credentials';
import { getMe, type Principal } from '@/api/identity';
import { oidcSettings, userManager } from '@/api/oidc';
import type { Problem } from '@/api/types';
import { hasRole, highestRole, type Role } from '@/utils/roles';

/**
 * The principal of an API that has no `GET /v1/me` (404): one from before authentication (issue 11), where
 * every request is allowed and nobody signs in. The dashboard then works as it did, every action shown.
 */
const openApiPrincipal: Principal = { id: 'anonymous', kind: 'user', name: 'anonymous (no sign-in)', roles: ['admin'] };
const isOpenApi = (err: unknown) => err instanceof ApiError && err.notFound;

/** sessionStorage key of a pasted API key (gone with the tab, like the OIDC tokens). */
const apiKeyKey = 'conveyor.apiKey';

function readKey(): string | null {
  try {
    return sessionStorage.getItem(apiKeyKey);
  } catch {
    return null;
  }
}

function writeKey(key: string | null): void {
  try {
    if (key) sessionStorage.setItem(apiKeyKey, key);
    else sessionStorage.removeItem(apiKeyKey);
  } catch {
    // Storage disabled: the key lasts for this page only.
  }
}

/**
 * Who is signed in, and how: through the identity provider (authorization code + PKCE, tokens renewed before
 * they expire) or with a pasted API key. Every API call carries the credential; the principal comes from
 * `GET /v1/me`, so the roles shown are the ones the APIs apply.
 */
export const useAuthStore = defineStore('auth', () => {
  const principal = ref<Principal | null>(null);
  const method = ref<'oidc' | 'apiKey' | null>(null);
  const problem = ref<Problem | null>(null);
  const restored = ref(false);
  const oidcEnabled = !!oidcSettings().issuer;

  const signedIn = computed(() => principal.value !== null);
  const role = computed<Role | null>(() => highestRole(principal.value?.roles ?? []));
  /** True when the signed-in principal has `needed` or a higher role (hides what the API would refuse). */
  const can = (needed: Role) => hasRole(principal.value?.roles ?? [], needed);

  async function adopt(token: string, how: 'oidc' | 'apiKey'): Promise<void> {
    setBearer(token);
    try {
      principal.value = await getMe();
      method.value = how;
      problem.value = null;
    } catch (err) {
      if (isOpenApi(err)) {
        principal.value = openApiPrincipal;
        method.value = null;
        return;
      }
      setBearer(null);
      principal.value = null;
      method.value = null;
      throw err;
    }
  }

  const manager = userManager();
  // Renewed tokens (refresh token) replace the credential in place; an expiry without renewal signs out.
  manager?.events.addUserLoaded((user: OidcUser) => {
    if (method.value === 'oidc') setBearer(user.access_token);
  });
  manager?.events.addAccessTokenExpired(() => {
    if (method.value === 'oidc') void expired();
  });

  /** On start: the session of this tab (a pasted key, or tokens still valid), else signed out. */
  async function restore(): Promise<void> {
    if (restored.value) return;
    try {
      const key = readKey();
      if (key) await adopt(key, 'apiKey');
      else {
        const user = await manager?.getUser();
        if (user && !user.expired) await adopt(user.access_token, 'oidc');
        // No credential: an API without sign-in answers GET /v1/me with 404 (a 401 means: sign in).
        else principal.value = await getMe().catch((err: unknown) => (isOpenApi(err) ? openApiPrincipal : null));
      }
    } catch (err) {
      writeKey(null);
      await manager?.removeUser();
      if (!(err instanceof ApiError && err.status === 401)) problem.value = toProblem(err);
    } finally {
      restored.value = true;
    }
  }

  /** Sends the browser to the identity provider's sign-in page; back at `returnTo` afterwards. */
  async function signIn(returnTo = '/'): Promise<void> {
    if (!manager) throw new Error('No identity provider is configured for this dashboard: sign in with an API key.');
    await manager.signinRedirect({ state: { returnTo } });
  }

  /** Finishes the sign-in on /auth/callback; resolves with the page to go back to. */
  async function completeSignIn(): Promise<string> {
    if (!manager) throw new Error('No identity provider is configured for this dashboard.');
    const user = await manager.signinRedirectCallback();
    await adopt(user.access_token, 'oidc');
    const state = user.state as { returnTo?: string } | undefined;
    return state?.returnTo && state.returnTo.startsWith('/') ? state.returnTo : '/';
  }

  /** Signs in with an API key (`cvk_…` or the bootstrap key), checked against `GET /v1/me`. */
  async function signInWithKey(key: string): Promise<void> {
    await adopt(key.trim(), 'apiKey');
    writeKey(key.trim());
  }

  function forget(): void {
    setBearer(null);
    writeKey(null);
    principal.value = null;
    method.value = null;
  }

  /** Signs out: at the identity provider too (its session ends), or just here for an API key. */
  async function signOut(): Promise<void> {
    const was = method.value;
    forget();
    if (was === 'oidc' && manager) {
      const user = await manager.getUser();
      await manager.removeUser();
      await manager.signoutRedirect({ id_token_hint: user?.id_token });
    }
  }

  /** The API refused the credential (401): it expired or was revoked. */
  async function expired(): Promise<void> {
    if (!principal.value) return;
    problem.value = { type: 'about:blank', title: 'Your session ended', status: 401, detail: 'Sign in again to continue.' };
    forget();
    await manager?.removeUser();
  }

  return { principal, method, problem, restored, oidcEnabled, signedIn, role, can, restore, signIn, completeSignIn, signInWithKey, signOut, expired };
});
