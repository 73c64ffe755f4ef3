/**
 * Where a job type's payload holds secrets (`defineJobType({ secretFields })`). The command API seals
 * the values found there before the job is published; the executor opens them right before the
 * handler runs; every read path shows `"[redacted]"` in their place.
 */
export interface SecretFields {
  /** JSON pointers (RFC 6901) of secret payload values, e.g. `/token`, `/auth/password`. */
  pointers?: readonly string[];
  /** Header names (case-insensitive) whose values are secret in the header object at {@link headersAt}. */
  headers?: readonly string[];
  /** JSON pointer of the header object; default `/headers`. */
  headersAt?: string;
}

/** One secret value's place: its parent object and its key there. */
export interface SecretLocation {
  parent: Record<string, unknown>;
  key: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The segments of a JSON pointer (`~1` is `/`, `~0` is `~`); throws a RangeError when it does not start with `/`. */
export function pointerSegments(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new RangeError(`not a JSON pointer: ${pointer}`);
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The object a pointer names inside `root`, or undefined. */
function objectAt(root: unknown, segments: readonly string[]): unknown {
  let at = root;
  for (const s of segments) {
    if (!isObject(at) && !Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[s];
  }
  return at;
}

/** Every place of `payload` that {@link SecretFields} names and that holds a value (pure). */
export function locateSecrets(fields: SecretFields | undefined, payload: unknown): SecretLocation[] {
  if (!fields) return [];
  const found: SecretLocation[] = [];
  for (const pointer of fields.pointers ?? []) {
    const segments = pointerSegments(pointer);
    const parent = objectAt(payload, segments.slice(0, -1));
    const key = segments[segments.length - 1] as string;
    if (isObject(parent) && Object.hasOwn(parent, key) && parent[key] !== undefined) found.push({ parent, key });
  }
  const names = new Set((fields.headers ?? []).map((h) => h.toLowerCase()));
  const headers = names.size ? objectAt(payload, pointerSegments(fields.headersAt ?? '/headers')) : undefined;
  if (isObject(headers)) {
    for (const key of Object.keys(headers)) if (names.has(key.toLowerCase()) && headers[key] !== undefined) found.push({ parent: headers, key });
  }
  return found;
}
