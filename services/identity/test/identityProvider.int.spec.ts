import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardClientId } from '../src/createIdentityProvider';
import { signInHeadless } from '../src/signInHeadless';
import { seededUsers } from '../src/users';
import { startIdentityProcess, verifyAccessToken, type IdentityProcess } from './identityProcess';

/**
 * The local identity provider as `npm start` runs it (its own process, from source), on its own port and key
 * directory: a real sign-in (authorization code + PKCE through the sign-in form), tokens verified against the
 * published JWKS, keys kept across a restart.
 */
describe('local identity provider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conveyor-idp-'));
  const origin = 'http://127.0.0.1:23300';
  const port = Number(process.env.IDP_TEST_PORT ?? 23303);
  const issuer = `http://127.0.0.1:${port}`;
  let idp: IdentityProcess;

  beforeAll(async () => {
    idp = await startIdentityProcess({ port, stateDir: dir, dashboardOrigin: origin });
  });
  afterAll(async () => {
    await idp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes discovery with PKCE S256 and a JWKS', async () => {
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery.issuer).toBe(issuer);
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
    const jwks = (await (await fetch(String(discovery.jwks_uri))).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it.each(seededUsers.map((u) => [u.username, u.password, u.roles] as const))('signs %s in and issues a JWT access token for the APIs with the roles claim', async (username, password, roles) => {
    const tokens = await signInHeadless({ issuer, username, password, dashboardOrigin: origin });
    const payload = await verifyAccessToken(issuer, tokens.accessToken);
    expect(payload).toMatchObject({ sub: username, roles, client_id: dashboardClientId });
    expect(tokens.refreshToken).toBeTruthy();
  });

  it('refuses a wrong password with the form again (401)', async () => {
    await expect(signInHeadless({ issuer, username: 'admin', password: 'conveyor-operator', dashboardOrigin: origin })).rejects.toThrow('wrong user name or password');
  });

  it('refuses an authorization request without PKCE', async () => {
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({ client_id: dashboardClientId, response_type: 'code', redirect_uri: `${origin}/auth/callback`, scope: 'openid' }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    const location = new URL(String(res.headers.get('location')));
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a redirect URI that is not a dashboard origin', async () => {
    const url = new URL(`${issuer}/auth`);
    url.search = new URLSearchParams({ client_id: dashboardClientId, response_type: 'code', redirect_uri: 'http://evil.example/auth/callback', scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' }).toString();
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('redirect_uri');
  });

  it('keeps its signing key across a restart: a token issued before still verifies after (SIGTERM exits 0)', async () => {
    const before = await signInHeadless({ issuer, username: 'viewer', password: 'conveyor-viewer', dashboardOrigin: origin });
    expect(await idp.stop()).toBe(0);
    idp = await startIdentityProcess({ port, stateDir: dir, dashboardOrigin: origin });
    expect(await verifyAccessToken(issuer, before.accessToken)).toMatchObject({ sub: 'viewer', roles: ['viewer'] });
  });

  it('refuses a token request from a browser origin that is not a dashboard origin', async () => {
    const ask = (o: string) => fetch(`${issuer}/token`, {
      method: 'POST', headers: { origin: o, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'unknown', client_id: dashboardClientId, redirect_uri: `${origin}/auth/callback`, code_verifier: 'v'.repeat(43) }).toString(),
    });
    const evil = await ask('http://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await evil.json()) as { error_description: string }).error_description).toMatch(/origin .* not allowed/);
    expect((await ask(origin)).headers.get('access-control-allow-origin')).toBe(origin);
  });
});
