/**
 * The breaking-change rules of the HTTP contract (public, pure): compares a released OpenAPI 3.1 document
 * with the current one, operation by operation, for every operation under a version prefix (`/v1/…`).
 * Schemas are compared through their `$ref`s into `components`. Additive changes (new operations, new
 * optional request fields or parameters, new response fields, widened enums) are not reported.
 */

/** An OpenAPI document, or any part of one, as JSON. */
export type OpenApi = Record<string, unknown>;

/** One breaking change: which operation, where (a JSON pointer into the released document) and what. */
export interface BreakingChange {
  /** `METHOD /path`, e.g. `GET /v1/jobs/{id}`. */
  operation: string;
  pointer: string;
  message: string;
}

const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const versioned = /^\/v(\d+)(\/.*)?$/;

/** Request schemas must accept everything they accepted; response schemas must promise everything they promised. */
type Direction = 'request' | 'response';

/** Escapes one JSON pointer segment (RFC 6901). */
export const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

const isObject = (v: unknown): v is OpenApi => typeof v === 'object' && v !== null && !Array.isArray(v);
const child = (v: unknown, key: string): OpenApi | undefined => (isObject(v) && isObject(v[key]) ? v[key] : undefined);

/** Follows local `$ref`s (`#/components/…`); returns the schema and the pointer it lives at. */
function resolve(doc: OpenApi, node: unknown, pointer: string): { node: OpenApi | undefined; pointer: string } {
  let current = node;
  let at = pointer;
  for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && hops < 32; hops++) {
    const ref = current.$ref;
    if (!ref.startsWith('#/')) break;
    at = ref.slice(1);
    current = ref
      .slice(2)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((n, key) => (isObject(n) ? n[key] : undefined), doc);
  }
  return { node: isObject(current) ? current : undefined, pointer: at };
}

/** A schema flattened for comparison: its types, enum, properties and required fields, `oneOf`/`anyOf`/`allOf` merged. */
interface Shape {
  types: Set<string> | undefined;
  enum: unknown[] | undefined;
  properties: Map<string, { schema: unknown; pointer: string }>;
  required: Set<string>;
  items: { schema: unknown; pointer: string } | undefined;
  additionalProperties: unknown;
}

function shapeOf(doc: OpenApi, schema: OpenApi, pointer: string): Shape {
  const shape: Shape = { types: undefined, enum: undefined, properties: new Map(), required: new Set(), items: undefined, additionalProperties: schema.additionalProperties };
  const addTypes = (types: Set<string> | undefined) => {
    if (!types) return;
    shape.types ??= new Set();
    for (const t of types) shape.types.add(t);
  };
  if (typeof schema.type === 'string') addTypes(new Set([schema.type]));
  else if (Array.isArray(schema.type)) addTypes(new Set(schema.type.map(String)));
  if (Array.isArray(schema.enum)) shape.enum = schema.enum;
  else if ('const' in schema) shape.enum = [schema.const];
  if (shape.enum && !shape.types) addTypes(new Set(shape.enum.map((v) => (v === null ? 'null' : typeof v))));
  for (const [name, property] of Object.entries(child(schema, 'properties') ?? {})) {
    shape.properties.set(name, { schema: property, pointer: `${pointer}/properties/${pointerSegment(name)}` });
  }
  if (Array.isArray(schema.required)) for (const r of schema.required) shape.required.add(String(r));
  if (schema.items !== undefined) shape.items = { schema: schema.items, pointer: `${pointer}/items` };
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches)) continue;
    branches.forEach((branch, i) => {
      const resolved = resolve(doc, branch, `${pointer}/${keyword}/${i}`);
      if (!resolved.node) return;
      const inner = shapeOf(doc, resolved.node, resolved.pointer);
      addTypes(inner.types);
      if (inner.enum) shape.enum = [...(shape.enum ?? []), ...inner.enum];
      for (const [name, p] of inner.properties) if (!shape.properties.has(name)) shape.properties.set(name, p);
      // Only allOf makes a branch's required fields required of the whole.
      if (keyword === 'allOf') for (const r of inner.required) shape.required.add(r);
      shape.items ??= inner.items;
    });
  }
  return shape;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
// 'integer' is a 'number': widening integer to number keeps every value valid.
const covers = (types: Set<string>, t: string) => types.has(t) || (t === 'integer' && types.has('number'));
const list = (types: Set<string>) => [...types].sort().join('|');

interface Walk {
  released: OpenApi;
  current: OpenApi;
  operation: string;
  out: BreakingChange[];
  seen: Set<string>;
}

/** Compares one schema pair; `pointer` is where the released schema sits. */
function compareSchemas(walk: Walk, released: unknown, current: unknown, pointer: string, direction: Direction): void {
  const rel = resolve(walk.released, released, pointer);
  const cur = resolve(walk.current, current, pointer);
  if (!rel.node || !cur.node) return;
  // A recursive schema (or one component reached twice) is compared once per pointer and direction.
  const key = `${direction} ${rel.pointer} ${cur.pointer}`;
  if (walk.seen.has(key)) return;
  walk.seen.add(key);
  const report = (at: string, message: string) => walk.out.push({ operation: walk.operation, pointer: at, message });
  const r = shapeOf(walk.released, rel.node, rel.pointer);
  const c = shapeOf(walk.current, cur.node, cur.pointer);

  if (r.types && c.types) {
    const lost = direction === 'request' ? [...r.types].filter((t) => !covers(c.types!, t)) : [...c.types].filter((t) => !covers(r.types!, t));
    if (lost.length) report(rel.pointer, `type changed from ${list(r.types)} to ${list(c.types)}`);
  }
  if (r.enum) {
    const dropped = r.enum.filter((v) => !(c.enum ?? r.enum!).some((w) => same(v, w)));
    if (dropped.length) report(rel.pointer, `enum narrowed: ${dropped.map((v) => JSON.stringify(v)).join(', ')} removed`);
  } else if (c.enum && direction === 'request') {
    report(rel.pointer, 'enum narrowed: an open value is now restricted to an enum');
  }

  for (const [name, property] of r.properties) {
    const now = c.properties.get(name);
    if (now) compareSchemas(walk, property.schema, now.schema, property.pointer, direction);
    else if (direction === 'response') report(property.pointer, `response field "${name}" removed or renamed`);
    else if (c.additionalProperties === false) report(property.pointer, `request field "${name}" removed (unknown fields are refused)`);
  }
  if (direction === 'request') {
    for (const name of c.required) {
      if (r.required.has(name)) continue;
      const at = r.properties.get(name)?.pointer ?? `${rel.pointer}/required`;
      report(at, r.properties.has(name) ? `optional request field "${name}" made required` : `required request field "${name}" added`);
    }
  } else {
    for (const name of r.required) {
      if (!c.required.has(name) && c.properties.has(name)) report(r.properties.get(name)?.pointer ?? rel.pointer, `response field "${name}" no longer required`);
    }
  }
  if (r.items && c.items) compareSchemas(walk, r.items.schema, c.items.schema, r.items.pointer, direction);
  if (isObject(r.additionalProperties) && isObject(c.additionalProperties)) {
    compareSchemas(walk, r.additionalProperties, c.additionalProperties, `${rel.pointer}/additionalProperties`, direction);
  }
}

/** Path-item and operation parameters, resolved, by `in:name`, with the pointer each sits at. */
function parametersOf(doc: OpenApi, pathItem: OpenApi, operation: OpenApi, pointer: string) {
  const found = new Map<string, { parameter: OpenApi; pointer: string }>();
  const add = (list: unknown, at: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      const { node, pointer: resolved } = resolve(doc, p, `${at}/parameters/${i}`);
      if (node) found.set(`${String(node.in)}:${String(node.name)}`, { parameter: node, pointer: resolved });
    });
  };
  add(pathItem.parameters, pointer.slice(0, pointer.lastIndexOf('/')));
  add(operation.parameters, pointer);
  return found;
}

function compareParameters(walk: Walk, rel: { item: OpenApi; op: OpenApi }, cur: { item: OpenApi; op: OpenApi }, pointer: string): void {
  const before = parametersOf(walk.released, rel.item, rel.op, pointer);
  const after = parametersOf(walk.current, cur.item, cur.op, pointer);
  for (const [key, { parameter, pointer: at }] of before) {
    const now = after.get(key);
    if (!now) {
      walk.out.push({ operation: walk.operation, pointer: at, message: `${parameter.required === true ? 'required' : 'optional'} parameter ${key} removed` });
      continue;
    }
    if (parameter.required !== true && now.parameter.required === true) {
      walk.out.push({ operation: walk.operation, pointer: at, message: `optional parameter ${key} made required` });
    }
    compareSchemas(walk, parameter.schema, now.parameter.schema, `${at}/schema`, 'request');
  }
  for (const [key, { parameter }] of after) {
    if (!before.has(key) && parameter.required === true) {
      walk.out.push({ operation: walk.operation, pointer: `${pointer}/parameters`, message: `required parameter ${key} added` });
    }
  }
}

function compareBodies(walk: Walk, released: unknown, current: unknown, pointer: string, direction: Direction): void {
  const rel = resolve(walk.released, released, pointer);
  const cur = resolve(walk.current, current, pointer);
  if (!rel.node) return;
  if (!cur.node) {
    if (direction === 'request' && rel.node.required !== true) return;
    walk.out.push({ operation: walk.operation, pointer: rel.pointer, message: `${direction} body removed` });
    return;
  }
  if (direction === 'request' && rel.node.required !== true && cur.node.required === true) {
    walk.out.push({ operation: walk.operation, pointer: rel.pointer, message: 'optional request body made required' });
  }
  const relContent = child(rel.node, 'content') ?? {};
  const curContent = child(cur.node, 'content') ?? {};
  for (const [media, entry] of Object.entries(relContent)) {
    const at = `${rel.pointer}/content/${pointerSegment(media)}`;
    const now = curContent[media];
    if (!isObject(now)) {
      walk.out.push({ operation: walk.operation, pointer: at, message: `${direction} media type ${media} removed` });
      continue;
    }
    compareSchemas(walk, child(entry, 'schema'), now.schema, `${at}/schema`, direction);
  }
  if (direction === 'response') {
    for (const name of Object.keys(child(rel.node, 'headers') ?? {})) {
      if (!child(cur.node, 'headers')?.[name]) {
        walk.out.push({ operation: walk.operation, pointer: `${rel.pointer}/headers/${pointerSegment(name)}`, message: `response header ${name} removed` });
      }
    }
  }
}

/** The current document has the operation under a newer version: its `x-deprecation.successor`, else the same path under `/vN`. */
function hasSuccessor(current: OpenApi, path: string, method: string, operation: OpenApi): boolean {
  const [, version, rest = ''] = versioned.exec(path) ?? [];
  const paths = child(current, 'paths') ?? {};
  const named = child(operation, 'x-deprecation')?.successor;
  const candidates = typeof named === 'string'
    ? [named.split('?')[0] ?? named]
    : Object.keys(paths).filter((p) => {
      const m = versioned.exec(p);
      return m && Number(m[1]) > Number(version) && (m[2] ?? '') === rest;
    });
  return candidates.some((p) => {
    const m = versioned.exec(p);
    return m !== null && Number(m[1]) > Number(version) && isObject(child(paths, p)?.[method]);
  });
}

/**
 * Every breaking change from `released` to `current` in the operations under a version prefix, in document
 * order. An operation marked `deprecated: true` in the current document whose replacement exists under a newer
 * version prefix may change freely (its successor carries the contract).
 */
export function findBreakingChanges(released: OpenApi, current: OpenApi): BreakingChange[] {
  const out: BreakingChange[] = [];
  const currentPaths = child(current, 'paths') ?? {};
  for (const [path, item] of Object.entries(child(released, 'paths') ?? {})) {
    if (!versioned.test(path) || !isObject(item)) continue;
    for (const method of methods) {
      const op = child(item, method);
      if (!op) continue;
      const operation = `${method.toUpperCase()} ${path}`;
      const pointer = `/paths/${pointerSegment(path)}/${method}`;
      const curItem = child(currentPaths, path);
      const curOp = child(curItem, method);
      if (!curItem || !curOp) {
        out.push({ operation, pointer, message: 'operation removed' });
        continue;
      }
      if (curOp.deprecated === true && hasSuccessor(current, path, method, curOp)) continue;
      const walk: Walk = { released, current, operation, out, seen: new Set() };
      compareParameters(walk, { item, op }, { item: curItem, op: curOp }, pointer);
      compareBodies(walk, op.requestBody, curOp.requestBody, `${pointer}/requestBody`, 'request');
      const curResponses = child(curOp, 'responses') ?? {};
      for (const [status, response] of Object.entries(child(op, 'responses') ?? {})) {
        const at = `${pointer}/responses/${pointerSegment(status)}`;
        if (!(status in curResponses)) out.push({ operation, pointer: at, message: `response status ${status} removed` });
        else compareBodies(walk, response, curResponses[status], at, 'response');
      }
    }
  }
  return out;
}
