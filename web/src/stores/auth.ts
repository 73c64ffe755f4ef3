import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { User as OidcUser } from 'oidc-client-ts';
import { toProblem } from '@/api/ApiError';
import { setBearer } from '@/api/credentials';
import { getMe, type Principal } from '@/api/identity';
import { oidcSettings, userManager } from '@/api/oidc';
import type { Problem } from '@/api/types';
import { credentialRefused } from '@/utils/credentialRefused';
import { hasRole, highestRole, type Role } from '@/utils/roles';

/** sessionStorage key of a pasted API key (gone with the tab, like the OIDC tokens). */
const apiKeyKey = 'conveyor.apiKey';
/** sessionStorage key of the principal `GET /v1/me` last answered in this tab, with the credential's end. */
const principalKey = 'conveyor.principal';

function read(name: string): string | null {
  try {
    return sessionStorage.getItem(name);
  } catch {
    return null;
  }
}

function write(name: string, value: string | null): void {
  try {
    if (value) sessionStorage.setItem(name, value);
    else sessionStorage.removeItem(name);
  } catch {
    // Storage disabled: the value lasts for this page only.
  }
}

const readKey = () => read(apiKeyKey);
const writeKey = (key: string | null) => write(apiKeyKey, key);
/** Which credential a remembered principal belongs to (its last characters, never the whole secret). */
const credentialTag = (token: string) => token.slice(-12);

/**
 * The principal remembered for `token` when `GET /v1/me` failed without refusing it (offline, the cached
 * shell of the service worker, the request given up as the page is left, a 5xx): the pages then show as
 * before and say they cannot load. A 401 is the API's word: it signs out.
 */
function rememberedPrincipal(token: string, err: unknown): Principal | null {
  if (credentialRefused(err)) return null;
  try {
    const saved = JSON.parse(read(principalKey) ?? 'null') as { tag: string; principal: Principal } | null;
    return saved?.tag === credentialTag(token) ? saved.principal : null;
  } catch {
    return null;
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
      write(principalKey, JSON.stringify({ tag: credentialTag(token), principal: principal.value }));
    } catch (err) {
      const remembered = rememberedPrincipal(token, err);
      if (remembered) {
        principal.value = remembered;
        method.value = how;
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
        // No credential: signed out (every API call needs one; nobody is anyone without it).
        if (user && !user.expired) await adopt(user.access_token, 'oidc');
      }
    } catch (err) {
      // Only the API refusing the credential (401) ends the session. Any other failure leaves it for the next
      // try: the API unreachable, or the request given up because the page is being left (a fast click away).
      if (credentialRefused(err)) {
        writeKey(null);
        await manager?.removeUser();
      } else problem.value = toProblem(err);
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
    write(principalKey, null);
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
