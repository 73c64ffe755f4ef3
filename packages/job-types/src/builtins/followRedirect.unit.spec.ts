import { followRedirect, safeUrl, type Hop } from './followRedirect';

const hop = (method: string, url = 'https://a.example/start?x=1'): Hop => ({
  url: new URL(url), method, body: method === 'GET' || method === 'HEAD' ? undefined : '{"a":1}',
  headers: { 'content-type': 'application/json', Authorization: 'Bearer t', cookie: 'c=1', 'x-trace': 'k' },
});

describe('followRedirect', () => {
  it.each([
    [301, 'POST', 'GET', false], [302, 'POST', 'GET', false], [303, 'POST', 'GET', false], [303, 'PUT', 'GET', false],
    [303, 'HEAD', 'HEAD', true], [301, 'PUT', 'PUT', true], [302, 'DELETE', 'DELETE', true], [307, 'POST', 'POST', true], [308, 'PATCH', 'PATCH', true],
  ] as const)('%i after %s is a %s (body kept: %s)', (status, method, next, keepsBody) => {
    const redirected = followRedirect(hop(method), status, '/next');
    expect(redirected.method).toBe(next);
    expect(redirected.url.href).toBe('https://a.example/next');
    expect(redirected.body !== undefined).toBe(keepsBody && method !== 'HEAD');
    expect('content-type' in redirected.headers).toBe(keepsBody);
  });

  it('keeps credentials on the same origin and drops them on another', () => {
    expect(followRedirect(hop('GET'), 302, '/b').headers).toMatchObject({ Authorization: 'Bearer t', cookie: 'c=1' });
    expect(followRedirect(hop('GET'), 302, 'https://b.example/').headers).toEqual({ 'content-type': 'application/json', 'x-trace': 'k' });
    expect(followRedirect(hop('GET'), 302, 'http://a.example/').headers).not.toHaveProperty('Authorization');
  });

  it('refuses a Location that is not http(s), for good', () => {
    expect(() => followRedirect(hop('GET'), 302, 'file:///etc/passwd')).toThrow(expect.objectContaining({ code: 'HTTP_REDIRECT_INVALID', retriable: false }));
    expect(() => followRedirect(hop('GET'), 302, 'gopher://127.0.0.1:6379/_')).toThrow(expect.objectContaining({ code: 'HTTP_REDIRECT_INVALID' }));
  });

  it('shows a URL without user info, query or fragment', () => {
    expect(safeUrl('https://u:p@a.example:8443/hook?token=s#f')).toBe('https://a.example:8443/hook');
    expect(safeUrl('nope')).toBe('(invalid URL)');
  });
});
