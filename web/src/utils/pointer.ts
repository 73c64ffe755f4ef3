/**
 * A problem's field path as a dotted key: JSON pointers (`/jobTemplate/payload/url`, RFC 6901) and
 * dotted paths (`payload.url`) both become `jobTemplate.payload.url`; '' is the body itself.
 */
export function dottedPath(path: string): string {
  if (!path.startsWith('/')) return path.replace(/^[#.]+/, '');
  return path.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** Field errors by dotted key (the first message wins per key). */
export function fieldErrorMap(errors: ReadonlyArray<{ path: string; message: string }> = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[dottedPath(e.path)] ??= e.message;
  return out;
}
