import type { ErrorObject } from 'ajv';
import type { FieldError } from '@conveyor/errors';
import { pointer } from '../http/fieldErrors';

/**
 * ajv's errors as field errors with JSON-pointer paths under `base` (pure, internal), shaped like the zod
 * ones of the built-in types: a missing property is reported at its own path ("Required"), an additional
 * property at its own path ("unknown field"), anything else at the value's path with ajv's message.
 */
export function ajvFieldErrors(errors: ReadonlyArray<ErrorObject> | null | undefined, base = ''): FieldError[] {
  const mapped = (errors ?? []).map((e): FieldError & { keyword: string } => ({ ...fieldError(e, base), keyword: e.keyword }));
  // One error per field: zod writes an e-mail as a format and a pattern, which fail together; the format says it better.
  const byPath = new Map<string, FieldError & { keyword: string }>();
  for (const e of mapped) if (!byPath.has(e.path) || e.keyword === 'format') byPath.set(e.path, e);
  return [...byPath.values()].map(({ path, message }) => ({ path, message }));
}

/** One ajv error at its pointer: a missing or additional property at the property's own path. */
function fieldError(e: ErrorObject, base: string): FieldError {
  const at = base + e.instancePath;
  if (e.keyword === 'required') return { path: pointer(at, [(e.params as { missingProperty: string }).missingProperty]), message: 'Required' };
  if (e.keyword === 'additionalProperties') return { path: pointer(at, [(e.params as { additionalProperty: string }).additionalProperty]), message: 'unknown field' };
  if (e.keyword === 'enum') return { path: at, message: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}` };
  return { path: at, message: e.message ?? `fails ${e.keyword}` };
}
