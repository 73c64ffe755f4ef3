import type { JsonSchema } from '@/api/types';

/** How the submit form renders a schema node. */
export type FieldKind = 'string' | 'enum' | 'number' | 'integer' | 'boolean' | 'object' | 'stringList' | 'numberList' | 'json';

export interface FieldError {
  /** Dotted path from the payload root, e.g. `headers.accept`; '' is the payload itself. */
  path: string;
  message: string;
}

/** The schema's single type, ignoring "null" in a union. */
export function typeOf(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  return schema.type;
}

/** Picks the widget for a schema node; anything the form cannot model becomes a raw-JSON field. */
export function fieldKind(schema: JsonSchema): FieldKind {
  if (schema.enum && schema.enum.every((v) => typeof v === 'string' || typeof v === 'number')) return 'enum';
  const t = typeOf(schema);
  switch (t) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'integer':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'object':
      return schema.properties && Object.keys(schema.properties).length > 0 && !isOpenMap(schema) ? 'object' : 'json';
    case 'array': {
      const item = schema.items ? typeOf(schema.items) : undefined;
      if (item === 'string' && !schema.items?.enum) return 'stringList';
      if (item === 'number' || item === 'integer') return 'numberList';
      return 'json';
    }
    default:
      return 'json';
  }
}

function isOpenMap(schema: JsonSchema): boolean {
  return typeof schema.additionalProperties === 'object' && Object.keys(schema.properties ?? {}).length === 0;
}

/** True when the whole payload is best edited as raw JSON (no declared properties). */
export function isFreeform(schema: JsonSchema): boolean {
  return fieldKind(schema) !== 'object';
}

/** The form's starting value: defaults where the schema gives them, nested objects filled in. */
export function initialValue(schema: JsonSchema): unknown {
  // A JSON copy: the schema may be a reactive proxy, which structuredClone refuses.
  if (schema.default !== undefined) return JSON.parse(JSON.stringify(schema.default)) as unknown;
  if (fieldKind(schema) === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      const v = initialValue(child);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (typeOf(schema) === 'object' && !schema.properties) return {};
  return undefined;
}

/** Removes undefined members (empty optional inputs) so the server sees them as absent. */
export function prune(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(prune);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = prune(v);
    return out;
  }
  return value;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** Client-side checks of the common keywords; the server stays the judge (its errors show per field too). */
export function validate(schema: JsonSchema, value: unknown, path = ''): FieldError[] {
  if (value === undefined) return [];
  const errors: FieldError[] = [];
  const add = (message: string) => errors.push({ path, message });
  if (schema.enum && !schema.enum.some((e) => e === value)) add(`must be one of ${schema.enum.join(', ')}`);
  const t = typeOf(schema);
  if (t === 'string') {
    if (typeof value !== 'string') return [{ path, message: 'must be text' }];
    if (schema.minLength !== undefined && value.length < schema.minLength) add(schema.minLength === 1 ? 'must not be empty' : `must be at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength) add(`must be at most ${schema.maxLength} characters`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) add(`must match ${schema.pattern}`);
    if ((schema.format === 'uri' || schema.format === 'url') && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) add('must be a URL such as https://example.com/hook');
    if (schema.format === 'email' && !/^\S+@\S+\.\S+$/.test(value)) add('must be an e-mail address');
  } else if (t === 'number' || t === 'integer') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return [{ path, message: 'must be a number' }];
    if (t === 'integer' && !Number.isInteger(value)) add('must be a whole number');
    if (schema.minimum !== undefined && value < schema.minimum) add(`must be ≥ ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum && schema.maximum < Number.MAX_SAFE_INTEGER) add(`must be ≤ ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) add(`must be > ${schema.exclusiveMinimum}`);
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) add(`must be < ${schema.exclusiveMaximum}`);
  } else if (t === 'boolean') {
    if (typeof value !== 'boolean') add('must be true or false');
  } else if (t === 'array') {
    if (!Array.isArray(value)) return [{ path, message: 'must be a list' }];
    if (schema.minItems !== undefined && value.length < schema.minItems) add(`needs at least ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) add(`takes at most ${schema.maxItems} items`);
    if (schema.items) value.forEach((v, i) => errors.push(...validate(schema.items as JsonSchema, v, join(path, i))));
  } else if (t === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return [{ path, message: 'must be an object' }];
    const o = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (o[key] === undefined || o[key] === '') errors.push({ path: join(path, key), message: 'is required' });
    for (const [key, child] of Object.entries(schema.properties ?? {})) {
      if (o[key] !== undefined && o[key] !== '') errors.push(...validate(child, o[key], join(path, key)));
    }
    if (schema.additionalProperties === false && schema.properties) {
      for (const key of Object.keys(o)) if (!(key in schema.properties)) errors.push({ path: join(path, key), message: 'is not allowed' });
    }
  }
  return errors;
}

/**
 * Normalises a server error path (`/payload/url`, `payload.url`, `body.payload.url`, `url`) to the
 * dashboard's dotted form: `payload.url` for payload fields, the option name for options.
 */
export function normaliseErrorPath(path: string, optionNames: readonly string[]): string {
  const parts = path.replace(/^[#/$.]+/, '').split(/[./[\]]+/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  if (parts.length === 0) return '';
  if (parts[0] === 'payload' || optionNames.includes(parts[0] as string) || parts[0] === 'type' || parts[0] === 'idempotencyKey') return parts.join('.');
  return ['payload', ...parts].join('.');
}

/** A readable label from a property key: `timeoutMs` → "Timeout ms". */
export function labelOf(key: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
