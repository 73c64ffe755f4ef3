import { runCredentials } from './runCredentials';

describe('runCredentials', () => {
  it('gives the services the key the requests send, a key ring they accept and rate limits off', () => {
    const c = runCredentials('chaos');
    expect(c.env.AUTH_BOOTSTRAP_API_KEY).toBe(c.apiKey);
    expect(c.apiKey.length).toBeGreaterThanOrEqual(32); // AUTH_BOOTSTRAP_API_KEY's minimum
    expect(c.apiKey.startsWith('cvk-chaos-')).toBe(true);
    expect(c.env.SECRETS_ACTIVE_KEY_ID).toBe('chaos');
    const [kid, key] = c.env.SECRETS_KEYS.split(':');
    expect(kid).toBe('chaos');
    expect(Buffer.from(key!, 'base64')).toHaveLength(32); // <kid>:<base64 of 32 random bytes>
    expect(c.env.RATE_LIMIT_ENABLED).toBe('false');
  });

  it('is new for every run', () => {
    const [a, b] = [runCredentials('soak'), runCredentials('soak')];
    expect(a.apiKey).not.toBe(b.apiKey);
    expect(a.env.SECRETS_KEYS).not.toBe(b.env.SECRETS_KEYS);
  });

  it('refuses a run name that is no key id', () => {
    expect(() => runCredentials('Chaos run')).toThrow(/lowercase/);
  });
});
