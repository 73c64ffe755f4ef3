import type { z } from 'zod';
import type { FieldError } from '@conveyor/errors';

/** A JSON pointer (RFC 6901) from a base pointer and path segments: `/jobs/3/payload/url`. */
export function pointer(base: string, segments: ReadonlyArray<PropertyKey>): string {
  return base + segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Zod issues as field errors with JSON-pointer paths under `base` (internal). An unknown key becomes
 * one error at that key's own path, so a client sees which field to remove.
 */
export function fieldErrors(issues: ReadonlyArray<z.core.$ZodIssue>, base = ''): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pointer(base, [...issue.path, key]), message: 'unknown field' }))
      : [{ path: pointer(base, issue.path), message: issue.message }],
  );
}
