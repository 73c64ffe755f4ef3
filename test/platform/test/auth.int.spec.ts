import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createLogger } from '@conveyor/runtime';
import { stackEndpoints, waitFor } from '@conveyor/testing';
import { startInProcessPlatform, type InProcessPlatform } from '../src';

/**
 * Authentication and authorization against the real platform (Kafka, registry, Postgres): a tiny OIDC
 * issuer served here (discovery document + JWKS, tokens signed with jose), API keys created, rotated and
 * revoked through the command API and projected by the processors, and the roles of the permission table.
 */
describe('identity and access', () => {
  let platform: InProcessPlatform;
  let issuerServer: Server;
  let issuer: string;
  let signingKey: KeyLike;
  let otherKey: KeyLike;
  const audience = 'conveyor-test';

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signingKey = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    issuerServer = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (req.url === '/jwks') res.end(JSON.stringify({ keys: [jwk] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
    platform = await startInProcessPlatform({
      endpoints: stackEndpoints(), logger: createLogger({ service: 'auth-test', level: 'silent' }),
      env: { OIDC_ISSUER: issuer, OIDC_AUDIENCE: audience, API_KEY_CACHE_TTL_MS: '500' },
    });
  });
  afterAll(async () => {
    await platform?.stop();
    await new Promise((resolve) => issuerServer?.close(resolve));
  });

  const token = (claims: { roles?: string[]; sub?: string }, options: { key?: KeyLike; iss?: string; aud?: string; exp?: number | string } = {}) =>
    new SignJWT({ roles: claims.roles ?? ['viewer'], preferred_username: 'vera' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject(claims.sub ?? 'user-vera').setIssuer(options.iss ?? issuer).setAudience(options.aud ?? audience)
      .setIssuedAt().setExpirationTime(options.exp ?? '5m')
      .sign(options.key ?? signingKey);

  const call = async (base: 'command' | 'query', method: string, path: string, bearer: string | null, body?: unknown) => {
    const res = await fetch(`${base === 'command' ? platform.commandApi : platform.queryApi}${path}`, {
      method,
      headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are read loosely in assertions
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as any };
  };
  const submit = (bearer: string) => call('command', 'POST', '/v1/jobs', bearer, { type: 'noop', payload: {} });

  it('answers 401 problem+json with WWW-Authenticate without credentials; health, readiness and the document stay public', async () => {
    const anonymous = await call('query', 'GET', '/v1/jobs', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="conveyor"');
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect((await call('command', 'POST', '/v1/jobs', null, { type: 'noop', payload: {} })).status).toBe(401);
    expect((await call('query', 'GET', '/v1/stream', null)).status).toBe(401);
    for (const path of ['/healthz', '/readyz', '/openapi.json']) expect((await call('command', 'GET', path, null)).status).toBe(200);
    const wrong = await call('query', 'GET', '/v1/jobs', 'not-a-key');
    expect([wrong.status, wrong.headers.get('www-authenticate')]).toEqual([401, expect.stringContaining('error="invalid_token"')]);
  });

  it('refuses expired, forged, wrong-issuer and wrong-audience tokens', async () => {
    const refused = {
      expired: await token({}, { exp: Math.floor(Date.now() / 1000) - 120 }),
      forged: await token({}, { key: otherKey }),
      wrongIssuer: await token({}, { iss: 'http://127.0.0.1:1' }),
      wrongAudience: await token({}, { aud: 'someone-else' }),
    };
    for (const [what, jwt] of Object.entries(refused)) {
      const answer = await call('query', 'GET', '/v1/jobs', jwt);
      expect([what, answer.status, answer.body.code]).toEqual([what, 401, 'UNAUTHENTICATED']);
    }
  });

  it('lets a viewer token read and answers 403 to its submit', async () => {
    const viewer = await token({ roles: ['viewer'] });
    expect((await call('query', 'GET', '/v1/jobs?limit=1', viewer)).status).toBe(200);
    expect((await call('query', 'GET', '/v1/me', viewer)).body).toEqual({ id: 'user-vera', kind: 'user', name: 'vera', roles: ['viewer'] });
    const refused = await submit(viewer);
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('creates keys that work at once, records the key as the actor, and keeps a submitter to its own jobs', async () => {
    const created = await call('command', 'POST', '/v1/admin/api-keys', platform.apiKey, { name: 'ci', roles: ['submitter'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', roles: ['submitter'], expiresAt: null, key: expect.stringMatching(/^cvk_/) });
    const submitter = created.body.key as string;
    const own = await submit(submitter);
    expect(own.status).toBe(202);

    const viewerKey = (await call('command', 'POST', '/v1/admin/api-keys', platform.apiKey, { name: 'dash', roles: ['viewer'] })).body.key as string;
    expect((await submit(viewerKey)).status).toBe(403);
    expect((await call('query', 'GET', '/v1/admin/api-keys', viewerKey)).status).toBe(403);

    const others = await submit(platform.apiKey);
    const position = others.headers.get('conveyor-position') ?? '';
    expect((await call('query', 'GET', `/v1/jobs/${others.body.jobId}?after=${encodeURIComponent(position)}`, submitter)).status).toBe(200);
    const foreign = await call('command', 'POST', `/v1/jobs/${others.body.jobId}/cancel`, submitter, {});
    expect([foreign.status, foreign.body.code]).toEqual([403, 'FORBIDDEN']);
    const mine = await call('query', 'GET', `/v1/jobs/${own.body.jobId}?after=${encodeURIComponent(own.headers.get('conveyor-position') ?? '')}`, submitter);
    expect(mine.status).toBe(200);
    const cancelled = await call('command', 'POST', `/v1/jobs/${own.body.jobId}/cancel`, submitter, {});
    expect([202, 409]).toContain(cancelled.status); // 409 when the noop already succeeded: the ownership check passed either way

    const audit = await call('query', 'GET', `/v1/audit?actor=${encodeURIComponent(`key:${created.body.id}`)}&action=job.submit`, platform.apiKey);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: `key:${created.body.id}`, actorName: 'ci', action: 'job.submit', target: `job:${own.body.jobId}` })]);
  });

  it('rotates (old refused, new works) and revokes (refused), and lists the key and the actions', async () => {
    const created = (await call('command', 'POST', '/v1/admin/api-keys', platform.apiKey, { name: 'rotating', roles: ['viewer'] })).body;
    expect((await call('query', 'GET', '/v1/me', created.key)).body).toMatchObject({ id: `key:${created.id}`, kind: 'apiKey', name: 'rotating' });
    const rotated = await call('command', 'POST', `/v1/admin/api-keys/${created.id}/rotate`, platform.apiKey);
    expect(rotated.status).toBe(201);
    expect(rotated.body).toMatchObject({ id: created.id, name: 'rotating' });
    expect(rotated.body.key).not.toBe(created.key);
    expect((await call('query', 'GET', '/v1/me', rotated.body.key)).status).toBe(200);
    await waitFor(async () => (await call('query', 'GET', '/v1/me', created.key)).status === 401, { what: 'the old key refused after rotation' });

    expect((await call('command', 'DELETE', `/v1/admin/api-keys/${created.id}`, platform.apiKey)).status).toBe(204);
    await waitFor(async () => (await call('query', 'GET', '/v1/me', rotated.body.key)).status === 401, { what: 'the revoked key refused' });
    expect((await call('command', 'DELETE', `/v1/admin/api-keys/${created.id}`, platform.apiKey)).status).toBe(409);

    const listed = (await call('query', 'GET', '/v1/admin/api-keys', platform.apiKey)).body.items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toMatchObject({ prefix: rotated.body.prefix, revokedAt: expect.any(String), rotatedAt: expect.any(String) });
    expect(JSON.stringify(listed)).not.toContain(rotated.body.key);
    const audit = await call('query', 'GET', '/v1/audit?actor=key%3Abootstrap&limit=500', platform.apiKey);
    const actions = audit.body.items.filter((e: { target: string }) => e.target === `api-key:${created.id}`).map((e: { action: string }) => e.action);
    expect(actions).toEqual(['api-key.revoke', 'api-key.rotate', 'api-key.create']);
  });
});
