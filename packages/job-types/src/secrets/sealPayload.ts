import type { SecretBox } from './secretBox';
import { sealedKeyId } from './secretBox';
import { locateSecrets, type SecretFields } from './secretFields';

/** A sealed value as stored in a payload: `{"$secret":"v1:<kid>:<iv>:<ciphertext>:<tag>"}`. */
export interface SecretEnvelope {
  $secret: string;
}

/** What every read path shows in place of a secret. */
export const redacted = '[redacted]';

/** True for a `{"$secret": "v1:…"}` object (pure). */
export function isSecretEnvelope(value: unknown): value is SecretEnvelope {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$secret' && typeof (value as SecretEnvelope).$secret === 'string';
}

/**
 * The payload with every secret field sealed (pure but for the random IVs): a copy, each value the
 * type's {@link SecretFields} names replaced by an envelope holding its JSON, encrypted with the active key.
 * A value at a secret place is sealed whatever it is, so an envelope copied into a submission is
 * sealed again, never opened for someone else.
 */
export function sealPayload<P>(payload: P, fields: SecretFields | undefined, box: SecretBox): P {
  if (!fields) return payload;
  const copy = structuredClone(payload);
  for (const { parent, key } of locateSecrets(fields, copy)) parent[key] = { $secret: box.seal(JSON.stringify(parent[key])) } satisfies SecretEnvelope;
  return copy;
}

/**
 * The payload with its secret fields opened, for the handler, and the plaintext values (to scrub from
 * what the attempt returns or throws). Only the places the type names are opened: an envelope anywhere
 * else stays as it is. Throws a NonRetriableError SECRET_UNREADABLE when a key is missing.
 */
export function openPayload(payload: unknown, fields: SecretFields | undefined, box: SecretBox): { payload: unknown; secrets: string[] } {
  const secrets: string[] = [];
  if (!fields) return { payload, secrets };
  const copy = structuredClone(payload);
  for (const { parent, key } of locateSecrets(fields, copy)) {
    const value = parent[key];
    if (!isSecretEnvelope(value)) continue;
    const opened: unknown = JSON.parse(box.open(value.$secret));
    parent[key] = opened;
    secrets.push(typeof opened === 'string' ? opened : JSON.stringify(opened));
  }
  return { payload: copy, secrets };
}

/**
 * A JSON value with every secret envelope replaced by `"[redacted]"` (pure; the value itself when it
 * holds none). What the read models show: no key is needed, nothing is decrypted.
 */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) {
    const items = value.map(redactSecrets);
    return (items.some((v, i) => v !== value[i]) ? items : value) as T;
  }
  if (typeof value !== 'object' || value === null) return value;
  if (isSecretEnvelope(value)) return redacted as T;
  let changed = false;
  const entries = Object.entries(value).map(([k, v]) => {
    const r = redactSecrets(v);
    if (r !== v) changed = true;
    return [k, r] as const;
  });
  return changed ? (Object.fromEntries(entries) as T) : value;
}

/** The key ids the envelopes of a value were sealed with (re-encryption and audits). */
export function sealedKeyIds(value: unknown, into = new Set<string>()): Set<string> {
  if (isSecretEnvelope(value)) {
    const kid = sealedKeyId(value.$secret);
    if (kid) into.add(kid);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) sealedKeyIds(v, into);
  }
  return into;
}

/** Parts of a secret worth scrubbing: the whole value and, for `Bearer <token>`-like values, each long word. */
function scrubbable(secrets: readonly string[]): string[] {
  const parts = secrets.flatMap((s) => [s, ...s.split(/\s+/).filter((w) => w.length >= 8)]).filter((s) => s.length >= 4);
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
}

/**
 * A value (an error message, a result) with every occurrence of the given plaintext secrets replaced
 * by `"[redacted]"` (pure): a receiver that echoes a header, or an error quoting it, leaks nothing.
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[]): T {
  const parts = scrubbable(secrets);
  if (!parts.length) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return parts.reduce((s, p) => s.split(p).join(redacted), v);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
