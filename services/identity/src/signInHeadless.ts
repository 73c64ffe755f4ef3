import { createHash, randomBytes } from 'node:crypto';
import { dashboardClientId, callbackPath } from './createIdentityProvider';

/** The tokens of one sign-in. */
export interface SignedIn {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
}

/** Cookies kept between the requests of one sign-in, as a browser would. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    take(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair?.indexOf('=') ?? -1;
        if (pair && eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
      }
    },
  };
}

/**
 * Signs a user in at the local identity provider the way the dashboard does — authorization code with
 * PKCE S256 through the real sign-in form — without a browser, and returns the tokens. For tests and tools
 * that need a user's access token (`Authorization: Bearer …`). Throws naming the step that failed.
 */
export async function signInHeadless(options: { issuer: string; username: string; password: string; dashboardOrigin?: string }): Promise<SignedIn> {
  const { issuer, username, password, dashboardOrigin = 'http://127.0.0.1:3000' } = options;
  const jar = cookieJar();
  const redirectUri = `${dashboardOrigin}${callbackPath}`;
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const go = async (url: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(url, issuer), { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header() } });
    jar.take(res);
    return res;
  };

  // 1. The authorization request, then redirects until the sign-in form (or the callback, when a session exists).
  const auth = new URL(`${issuer}/auth`);
  auth.search = new URLSearchParams({
    client_id: dashboardClientId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid profile roles',
    code_challenge: challenge, code_challenge_method: 'S256', state: randomBytes(8).toString('hex'),
  }).toString();
  let res = await go(auth.toString());
  let location = res.headers.get('location');
  for (let hops = 0; location && !location.startsWith(redirectUri); hops++) {
    if (hops > 10) throw new Error('sign-in: too many redirects');
    if (/\/interaction\/[\w-]+$/.test(location)) {
      const form = await go(location);
      if (form.status === 200) {
        // 2. The sign-in form, posted like a browser.
        res = await go(`${new URL(location, issuer).pathname}/login`, {
          method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ username, password }).toString(),
        });
        if (res.status === 401) throw new Error(`sign-in: wrong user name or password for ${username}`);
      } else res = form;
    } else res = await go(location);
    location = res.headers.get('location');
  }
  if (!location) throw new Error(`sign-in: the provider answered ${res.status} instead of redirecting: ${(await res.text()).slice(0, 300)}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`sign-in: no code in the callback ${location}`);

  // 3. The code for tokens, with the PKCE verifier.
  const tokenRes = await fetch(`${issuer}/token`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: dashboardClientId, code_verifier: verifier }).toString(),
  });
  const tokens = (await tokenRes.json()) as { access_token?: string; id_token?: string; refresh_token?: string; expires_in?: number; error_description?: string };
  if (!tokenRes.ok || !tokens.access_token || !tokens.id_token) throw new Error(`sign-in: token exchange failed (${tokenRes.status}): ${tokens.error_description ?? ''}`);
  return { accessToken: tokens.access_token, idToken: tokens.id_token, refreshToken: tokens.refresh_token, expiresIn: tokens.expires_in ?? 0 };
}
