import type { AvroRecordSchema, AvroSchema } from './loadSchemas';

/**
 * Inlines named types referenced by full name (`conveyor.jobs.EventMetadata`) so that each event
 * schema is self-contained when registered: the registry then needs no schema references.
 * A named type is inlined at its first use and referenced by name afterwards, as Avro requires.
 */
export function expandSchema(root: AvroRecordSchema, named: ReadonlyMap<string, AvroRecordSchema>): AvroRecordSchema {
  const seen = new Set<string>();
  const fullName = (s: { name: string; namespace?: string }, ns?: string) =>
    s.name.includes('.') ? s.name : `${s.namespace ?? ns ?? ''}.${s.name}`;

  const visit = (s: AvroSchema, ns?: string): AvroSchema => {
    if (typeof s === 'string') {
      const def = named.get(s) ?? named.get(`${ns}.${s}`);
      if (!def) return s;
      const full = fullName(def, ns);
      if (seen.has(full)) return full;
      return visit(def, ns);
    }
    if (Array.isArray(s)) return s.map((b) => visit(b, ns));
    if (s.type === 'record') {
      const r = s as AvroRecordSchema;
      const full = fullName(r, ns);
      seen.add(full);
      const inner = r.namespace ?? ns;
      return { ...r, namespace: inner, fields: r.fields.map((f) => ({ ...f, type: visit(f.type, inner) })) };
    }
    if (s.type === 'enum') {
      seen.add(fullName(s as { name: string; namespace?: string }, ns));
      return s;
    }
    if (s.type === 'array') return { type: 'array', items: visit((s as { items: AvroSchema }).items, ns) };
    if (s.type === 'map') return { type: 'map', values: visit((s as { values: AvroSchema }).values, ns) };
    return s;
  };
  return visit(root, root.namespace) as AvroRecordSchema;
}
