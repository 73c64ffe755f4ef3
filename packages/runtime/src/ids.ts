import { createHash } from 'node:crypto';

/** A UUID in its canonical text form, any version, either case. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a UUID in its canonical text form (pure). */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value);
}

/** RFC 4122 URL namespace, the default of {@link uuidv5}. */
export const urlNamespace = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based UUID, version 5 (SHA-1), as RFC 9562 §5.5 defines it (pure): the same namespace and
 * name always give the same UUID.
 */
export function uuidv5(name: string, namespace: string = urlNamespace): string {
  return formatV5(createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest());
}

/**
 * A UUID of version 5 layout from the SHA-1 of `name` alone, without a namespace (pure): the same name,
 * the same id. Event ids derived this way are stored in the log, so the derivation never changes.
 */
export function deterministicUuid(name: string): string {
  return formatV5(createHash('sha1').update(name).digest());
}

function formatV5(hash: Buffer): string {
  const b = Buffer.from(hash.subarray(0, 16));
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
