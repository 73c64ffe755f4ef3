import { httpRequest } from '../builtins/httpRequest';
import { createSecretBox, generateSecretKey, parseSecretKeyRing } from './secretBox';
import { isSecretEnvelope, openPayload, redactSecrets, scrubSecrets, sealPayload, sealedKeyIds } from './sealPayload';
import { secretsConfigShape } from './secretsConfig';

const ring = (keys: string[], active?: string) => createSecretBox(parseSecretKeyRing(keys.join(','), active));
const k1 = generateSecretKey('k1');
const k2 = generateSecretKey('k2');

describe('secrets', () => {
  it('seals the secret headers of http.request (any case) and nothing else; opening gives the submission back', () => {
    const box = ring([k1]);
    const payload = httpRequest.payload.parse({ url: 'http://example.test/', headers: { Authorization: 'Bearer s3cr3t-token', 'X-Api-Key': 'k-123456', cookie: 'a=b', accept: 'text/plain' }, body: { a: 1 } });
    const sealed = sealPayload(payload, httpRequest.secretFields, box);
    expect(JSON.stringify(sealed)).not.toMatch(/s3cr3t|k-123456|a=b/);
    expect(sealed.headers.accept).toBe('text/plain');
    expect(isSecretEnvelope(sealed.headers.Authorization)).toBe(true);
    expect((sealed.headers.Authorization as unknown as { $secret: string }).$secret).toMatch(/^v1:k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(payload.headers.Authorization).toBe('Bearer s3cr3t-token'); // the input is left alone
    const opened = openPayload(sealed, httpRequest.secretFields, box);
    expect(opened.payload).toEqual(payload);
    expect(opened.secrets.sort()).toEqual(['Bearer s3cr3t-token', 'a=b', 'k-123456']);
  });

  it('seals JSON pointers of any value, and never opens an envelope outside the secret places', () => {
    const box = ring([k1]);
    const fields = { pointers: ['/auth/password', '/a~1b'] };
    const sealed = sealPayload({ auth: { user: 'u', password: { p: 'pw' } }, 'a/b': 7 }, fields, box) as Record<string, unknown>;
    expect(redactSecrets(sealed)).toEqual({ auth: { user: 'u', password: '[redacted]' }, 'a/b': '[redacted]' });
    // An envelope copied into a body (not a secret place) is not decrypted for whoever submits it.
    const copied = { auth: { user: 'u' }, body: (sealed.auth as Record<string, unknown>).password };
    expect(openPayload(copied, fields, box).payload).toEqual(copied);
    expect(openPayload(sealed, fields, box).payload).toEqual({ auth: { user: 'u', password: { p: 'pw' } }, 'a/b': 7 });
  });

  it('rotation: a value sealed with the old key opens after the active key changed; a removed key is a non-retriable SECRET_UNREADABLE', () => {
    const old = sealPayload({ headers: { authorization: 'x' } }, httpRequest.secretFields, ring([k1]));
    const rotated = ring([k1, k2], 'k2');
    expect(openPayload(old, httpRequest.secretFields, rotated).payload).toEqual({ headers: { authorization: 'x' } });
    const fresh = sealPayload({ headers: { authorization: 'x' } }, httpRequest.secretFields, rotated);
    expect([...sealedKeyIds(fresh)]).toEqual(['k2']);
    expect(() => openPayload(old, httpRequest.secretFields, ring([k2]))).toThrow(expect.objectContaining({ code: 'SECRET_UNREADABLE', retriable: false }));
  });

  it('an altered ciphertext or another key under the same id does not open', () => {
    const sealed = sealPayload({ headers: { authorization: 'x' } }, httpRequest.secretFields, ring([k1]));
    const text = (sealed.headers.authorization as unknown as { $secret: string }).$secret;
    const parts = text.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => openPayload({ headers: { authorization: { $secret: parts.join(':') } } }, httpRequest.secretFields, ring([k1]))).toThrow(/does not decrypt/);
    expect(() => openPayload(sealed, httpRequest.secretFields, ring([generateSecretKey('k1')]))).toThrow(/does not decrypt/);
  });

  it('refuses a bad key ring with a message naming each problem', () => {
    expect(() => parseSecretKeyRing('', undefined)).toThrow(/no key/);
    expect(() => parseSecretKeyRing('k1:c2hvcnQ=', undefined)).toThrow(/must be 32 bytes/);
    const bare = generateSecretKey('k1').slice(3);
    expect(() => parseSecretKeyRing(bare, undefined)).toThrow('an entry is not <kid>:<base64 key>');
    expect(() => parseSecretKeyRing(bare, undefined)).not.toThrow(bare);
    expect(() => parseSecretKeyRing(`${k1},${k1}`, undefined)).toThrow(/listed twice/);
    expect(() => parseSecretKeyRing(`${k1},${k2}`, undefined)).toThrow(/SECRETS_ACTIVE_KEY_ID must name/);
    expect(() => parseSecretKeyRing(k1, 'k9')).toThrow(/k9 is not in SECRETS_KEYS/);
    expect(secretsConfigShape.SECRETS_KEYS.safeParse(undefined).error?.issues[0]?.message).toMatch(/^required/);
  });

  it('scrubs plaintext secrets, and the token of a Bearer value, from messages and results', () => {
    expect(scrubSecrets({ message: 'echo Bearer s3cr3t-token and s3cr3t-token', n: 1 }, ['Bearer s3cr3t-token'])).toEqual({ message: 'echo [redacted] and [redacted]', n: 1 });
    expect(scrubSecrets('nothing', [])).toBe('nothing');
  });
});
