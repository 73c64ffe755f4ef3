/** A JSON Schema as the catalog stores it (draft 2020-12, as zod 4's `z.toJSONSchema` writes it): `true`, `false` or an object. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

type SchemaObject = { [keyword: string]: unknown };

const asObject = (s: unknown): SchemaObject | undefined => (s && typeof s === 'object' && !Array.isArray(s) ? (s as SchemaObject) : undefined);
const typesOf = (s: SchemaObject): string[] | undefined => {
  if (typeof s.type === 'string') return [s.type];
  return Array.isArray(s.type) ? (s.type as string[]) : undefined;
};
/** The values an `enum` or `const` allows, or undefined when the schema allows any. */
const valuesOf = (s: SchemaObject): unknown[] | undefined => ('const' in s ? [s.const] : Array.isArray(s.enum) ? s.enum : undefined);
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => {
  const o = asObject(x);
  return o ? Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]])) : x;
});
const pointerOf = (path: string, key: string) => `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** Bounds whose raising (lower bounds) or lowering (upper bounds) refuses a payload the previous schema accepted. */
const lowerBounds = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
const upperBounds = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
/** Keywords that refuse more when added or changed at all. */
const exactKeywords = ['pattern', 'format', 'multipleOf'] as const;

/**
 * The reasons a payload valid under `previous` may be refused by `next` (pure; empty = backward compatible):
 * each a JSON pointer into the payload (`(the payload)` for its root, `*` for any array element) and what changed. Refused: a property that became
 * required, a type narrowed or changed, an enum value dropped, a bound tightened, a pattern or format added or
 * changed, additional properties refused where they were allowed, a property dropped where additional
 * properties are refused. Allowed: new optional properties, a property no longer required, wider types,
 * new enum values, looser bounds, new descriptions. Alternatives (`anyOf`/`oneOf`) are compatible when each
 * previous alternative is compatible with one of the next; `$ref`s are compared as written.
 */
export function breakingChanges(previous: JsonSchema, next: JsonSchema, path = ''): string[] {
  const where = path || '(the payload)';
  if (next === true || previous === false) return [];
  if (next === false) return [`${where}: nothing is accepted any more`];
  const prev = previous === true ? {} : previous;
  if (canonical(prev) === canonical(next)) return [];
  const out: string[] = [];

  const alternatives = (s: SchemaObject) => (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as JsonSchema[] | undefined;
  const nextAlternatives = alternatives(next);
  const prevAlternatives = alternatives(prev) ?? [prev];
  if (nextAlternatives) {
    for (const p of prevAlternatives) {
      if (!nextAlternatives.some((n) => breakingChanges(p, n, path).length === 0)) out.push(`${where}: a form the previous version accepted matches none of the new alternatives`);
    }
    return out;
  }
  if (alternatives(prev)) {
    return prevAlternatives.flatMap((p) => breakingChanges(p, next, path));
  }
  if ('$ref' in next || '$ref' in prev) return next.$ref === prev.$ref ? [] : [`${where}: the referenced schema changed`];

  const nextTypes = typesOf(next);
  if (nextTypes) {
    const prevTypes = typesOf(prev);
    const widened = (t: string) => nextTypes.includes(t) || (t === 'integer' && nextTypes.includes('number'));
    if (!prevTypes) out.push(`${where}: now restricted to ${nextTypes.join(' or ')}`);
    else if (!prevTypes.every(widened)) out.push(`${where}: type changed from ${prevTypes.join(' or ')} to ${nextTypes.join(' or ')}`);
  }
  const nextValues = valuesOf(next);
  if (nextValues) {
    const allowed = new Set(nextValues.map(canonical));
    const prevValues = valuesOf(prev);
    if (!prevValues) out.push(`${where}: now restricted to ${nextValues.map((v) => JSON.stringify(v)).join(', ')}`);
    else for (const v of prevValues) if (!allowed.has(canonical(v))) out.push(`${where}: ${JSON.stringify(v)} is no longer allowed`);
  }
  for (const k of lowerBounds) {
    const n = next[k];
    if (typeof n === 'number' && !(typeof prev[k] === 'number' && (prev[k] as number) >= n)) out.push(`${where}: ${k} raised to ${n}`);
  }
  for (const k of upperBounds) {
    const n = next[k];
    if (typeof n === 'number' && !(typeof prev[k] === 'number' && (prev[k] as number) <= n)) out.push(`${where}: ${k} lowered to ${n}`);
  }
  for (const k of exactKeywords) {
    if (k in next && canonical(next[k]) !== canonical(prev[k])) out.push(`${where}: ${k} ${k in prev ? 'changed' : 'added'} (${JSON.stringify(next[k])})`);
  }

  // Objects: required properties, the properties themselves, and whether others are allowed.
  const prevRequired = new Set(Array.isArray(prev.required) ? (prev.required as string[]) : []);
  for (const name of Array.isArray(next.required) ? (next.required as string[]) : []) {
    if (!prevRequired.has(name)) out.push(`${pointerOf(path, name)}: became required`);
  }
  const prevProps = asObject(prev.properties) ?? {};
  const nextProps = asObject(next.properties) ?? {};
  const additional = next.additionalProperties as JsonSchema | undefined;
  for (const [name, schema] of Object.entries(prevProps)) {
    const at = pointerOf(path, name);
    if (name in nextProps) out.push(...breakingChanges(schema as JsonSchema, nextProps[name] as JsonSchema, at));
    else if (additional === false) out.push(`${at}: removed, and additional properties are refused`);
    else if (additional !== undefined) out.push(...breakingChanges(schema as JsonSchema, additional, at));
  }
  if (additional === false && prev.additionalProperties !== false && nextTypes?.includes('object')) out.push(`${where}: additional properties are now refused`);

  // Arrays: the items.
  if (next.items !== undefined) out.push(...breakingChanges((prev.items as JsonSchema | undefined) ?? true, next.items as JsonSchema, `${path}/*`));
  return out;
}

/** True when two schemas are the same once keys are ordered (pure). */
export function sameSchema(a: JsonSchema, b: JsonSchema): boolean {
  return canonical(a) === canonical(b);
}
