import { apiKeyMatches, apiKeyPrefix, generateApiKey, hashApiKey } from './apiKeys';

describe('API keys', () => {
  it('generates cvk_<8-char prefix>_<32 random bytes> keys whose prefix parses back and whose hash matches only them', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^cvk_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(a.key)).toBe(a.prefix);
    expect(a.hash).toBe(hashApiKey(a.key));
    expect(apiKeyMatches(a.key, a.hash)).toBe(true);
    expect(apiKeyMatches(b.key, a.hash)).toBe(false);
    expect(a.key).not.toBe(b.key);
  });

  it('refuses tokens that are not shaped like a key', () => {
    expect(apiKeyPrefix('eyJhbGciOi.x.y')).toBeNull();
    expect(apiKeyPrefix('cvk_short')).toBeNull();
    expect(apiKeyPrefix(`cvk_abcdefgh-${'x'.repeat(43)}`)).toBeNull();
    expect(apiKeyMatches('anything', 'not-hex')).toBe(false);
  });
});
