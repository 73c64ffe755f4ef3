import type { AvroRecordSchema, AvroSchema } from './loadSchemas';

/**
 * Renders TypeScript declarations for Avro records: records become interfaces, enums string-literal
 * unions, `["null", T]` becomes `T | null`, timestamp-millis a number of epoch milliseconds; a field marked
 * `optionalInTypeScript` (with a default) becomes optional.
 */
export function renderTypes(records: AvroRecordSchema[]): string {
  const out: string[] = [];
  const emitted = new Set<string>();
  const shortName = (n: string) => n.split('.').pop() as string;

  const tsType = (s: AvroSchema): string => {
    if (typeof s === 'string') {
      switch (s) {
        case 'null': return 'null';
        case 'boolean': return 'boolean';
        case 'int': case 'long': case 'float': case 'double': return 'number';
        case 'bytes': return 'Buffer';
        case 'string': return 'string';
        default: return shortName(s);
      }
    }
    if (Array.isArray(s)) return s.map(tsType).join(' | ');
    switch (s.type) {
      case 'record': emitRecord(s as AvroRecordSchema); return shortName((s as AvroRecordSchema).name);
      case 'enum': {
        const e = s as { name: string; symbols: string[] };
        emitEnum(e);
        return shortName(e.name);
      }
      case 'array': return `Array<${tsType((s as { items: AvroSchema }).items)}>`;
      case 'map': return `Record<string, ${tsType((s as { values: AvroSchema }).values)}>`;
      default: return tsType(s.type);
    }
  };

  const emitEnum = (e: { name: string; symbols: string[] }) => {
    const n = shortName(e.name);
    if (emitted.has(n)) return;
    emitted.add(n);
    out.push(`export type ${n} = ${e.symbols.map((x) => JSON.stringify(x)).join(' | ')};\n`);
  };

  const emitRecord = (r: AvroRecordSchema) => {
    const n = shortName(r.name);
    if (emitted.has(n)) return;
    emitted.add(n);
    const fields = r.fields.map((f) => {
      const doc = f.doc ? `  /** ${f.doc} */\n` : '';
      return `${doc}  ${f.name}${f.optionalInTypeScript === true ? '?' : ''}: ${tsType(f.type)};`;
    });
    const doc = r.doc ? `/** ${r.doc} */\n` : '';
    out.push(`${doc}export interface ${n} {\n${fields.join('\n')}\n}\n`);
  };

  records.forEach(emitRecord);
  return out.join('\n');
}
