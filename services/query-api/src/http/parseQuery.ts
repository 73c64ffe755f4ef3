import { z } from 'zod';
import { ValidationError, type FieldError } from '@conveyor/errors';

/** A query string as Koa parses it: a repeated parameter is an array. */
export type RawQuery = Record<string, string | string[] | undefined>;

/** Joins repeated parameters with commas (`?status=a&status=b` = `?status=a,b`) (internal). */
export function flattenQuery(query: RawQuery): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
}

/**
 * Parses a query string with a zod object schema; every problem becomes a field error whose path is the
 * parameter name, thrown as one ValidationError (400) (internal).
 */
export function parseQuery<S extends z.ZodType>(schema: S, query: RawQuery): z.infer<S> {
  const result = schema.safeParse(flattenQuery(query));
  if (result.success) return result.data;
  const errors: FieldError[] = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: key, message: 'unknown query parameter' }))
      : [{ path: issue.path.join('.') || '(query)', message: issue.message }]);
  throw new ValidationError('invalid query parameters', errors);
}

/** A UUID (any version), as job ids are. */
export { uuidPattern } from '@conveyor/runtime';

/** A comma-separated list: `a,b` → ['a', 'b'] (repeated parameters are joined with commas first). */
export const commaList = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
