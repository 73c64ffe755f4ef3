import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { NonRetriableError } from '@conveyor/errors';

/** Envelope format version: `v1:<kid>:<iv>:<ciphertext>:<tag>`, each binary part base64url. */
const version = 'v1';
const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;
/** AES-256-GCM: a 32-byte key, a 12-byte random IV per value, a 16-byte tag. */
const keyBytes = 32;
const ivBytes = 12;

/** The key ring of the configuration: key id → 32-byte key, and the id new values are sealed with. */
export interface SecretKeyRing {
  keys: ReadonlyMap<string, Buffer>;
  activeKeyId: string;
}

/**
 * Parses `SECRETS_KEYS` (`kid1:<base64 32 bytes>,kid2:…`) into key id → key (pure). Throws a RangeError
 * listing every problem (no key, a bad id, a key that is not 32 bytes, a duplicate id).
 */
export function parseSecretKeys(keysText: string | undefined): Map<string, Buffer> {
  const problems: string[] = [];
  const keys = new Map<string, Buffer>();
  const entries = (keysText ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (!entries.length) problems.push('no key: set SECRETS_KEYS=<kid>:<base64 of 32 random bytes> (e.g. `openssl rand -base64 32`)');
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const kid = at < 0 ? entry : entry.slice(0, at);
    const key = Buffer.from(at < 0 ? '' : entry.slice(at + 1), 'base64');
    // Never the entry itself in a message: without its `kid:` it is the key.
    if (at < 0) problems.push('an entry is not <kid>:<base64 key>');
    else if (!keyIdPattern.test(kid)) problems.push(`a key id must be 1-32 letters, digits, - or _${kid.length <= 32 ? ` (got ${JSON.stringify(kid)})` : ''}`);
    else if (keys.has(kid)) problems.push(`key id ${kid} is listed twice`);
    else if (key.length !== keyBytes) problems.push(`key ${kid} must be ${keyBytes} bytes in base64, got ${key.length}`);
    else keys.set(kid, key);
  }
  if (problems.length) throw new RangeError(problems.join('; '));
  return keys;
}

/**
 * The key ring of `SECRETS_KEYS` and `SECRETS_ACTIVE_KEY_ID` (pure): the active id may be left out
 * when the ring holds one key. Throws a RangeError naming the problem: a bad key ring is a startup
 * error, never a job failure later.
 */
export function parseSecretKeyRing(keysText: string | undefined, activeKeyId: string | undefined): SecretKeyRing {
  const keys = parseSecretKeys(keysText);
  const active = activeKeyId ?? (keys.size === 1 ? [...keys.keys()][0] : undefined);
  if (!active) throw new RangeError('SECRETS_ACTIVE_KEY_ID must name the key new secrets are encrypted with (SECRETS_KEYS holds several)');
  if (!keys.has(active)) throw new RangeError(`SECRETS_ACTIVE_KEY_ID ${active} is not in SECRETS_KEYS (${[...keys.keys()].join(', ')})`);
  return { keys, activeKeyId: active };
}

/** Generates a key ring entry `kid:<base64 32 bytes>` (local starts and tests). */
export function generateSecretKey(kid: string): string {
  return `${kid}:${randomBytes(keyBytes).toString('base64')}`;
}

const b64 = (b: Buffer) => b.toString('base64url');

/** The key id a sealed value names, or undefined when it is not a sealed value (pure). */
export function sealedKeyId(sealed: string): string | undefined {
  const parts = sealed.split(':');
  return parts.length === 5 && parts[0] === version && keyIdPattern.test(parts[1] ?? '') ? parts[1] : undefined;
}

/** Seals and opens secret values with the key ring (AES-256-GCM, node:crypto). */
export interface SecretBox {
  /** Encrypts with the active key: `v1:<kid>:<iv>:<ciphertext>:<tag>`. */
  seal(plaintext: string): string;
  /** Decrypts with the key the value names; throws a NonRetriableError SECRET_UNREADABLE when the key is unknown or the value was altered. */
  open(sealed: string): string;
  readonly activeKeyId: string;
}

/**
 * A secret box over a key ring (public). Rotation: add a key, make it active; values sealed with an
 * older key still open as long as that key stays in the ring.
 */
export function createSecretBox(ring: SecretKeyRing): SecretBox {
  const aad = (kid: string) => Buffer.from(`${version}:${kid}`);
  return {
    activeKeyId: ring.activeKeyId,
    seal(plaintext) {
      const kid = ring.activeKeyId;
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', ring.keys.get(kid) as Buffer, iv).setAAD(aad(kid));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [version, kid, b64(iv), b64(ciphertext), b64(cipher.getAuthTag())].join(':');
    },
    open(sealed) {
      const kid = sealedKeyId(sealed);
      const key = kid === undefined ? undefined : ring.keys.get(kid);
      if (kid === undefined || !key) {
        throw new NonRetriableError(kid === undefined ? 'a secret of the payload is not a sealed value' : `a secret of the payload was sealed with key ${kid}, which SECRETS_KEYS no longer holds`, 'SECRET_UNREADABLE');
      }
      const [, , iv, ciphertext, tag] = sealed.split(':') as [string, string, string, string, string];
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url')).setAAD(aad(kid)).setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new NonRetriableError(`a secret of the payload does not decrypt with key ${kid} (altered, or another key under that id)`, 'SECRET_UNREADABLE', { cause: err });
      }
    },
  };
}
