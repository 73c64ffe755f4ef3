/**
 * The text format of Postgres `COPY … FROM STDIN` (pure): one line per row, fields separated by a tab,
 * `\N` for NULL. Inside a field a backslash, tab, newline and carriage return are written as `\\`, `\t`,
 * `\n` and `\r` (the backslash first, or the escapes themselves would be doubled).
 */

/** A field value as a COPY line carries it: text, a number, a boolean, an int array, or NULL. */
export type CopyValue = string | number | bigint | boolean | null | undefined | readonly number[];

const special = /[\\\t\n\r]/;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Escapes a text field (pure). */
export function copyTextField(text: string): string {
  return special.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => escapes[c] as string) : text;
}

/** One field: NULL for null/undefined, an int array as its Postgres literal `{1,2}`, anything else as its text (pure). */
export function copyValue(value: CopyValue): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'string') return copyTextField(value);
  if (typeof value === 'object') return `{${value.join(',')}}`;
  return String(value);
}

/** A jsonb field: the value's JSON text, escaped; NULL for null/undefined (as `jsonb_to_recordset` reads a JSON null) (pure). */
export function copyJson(value: unknown): string {
  return value === null || value === undefined ? '\\N' : copyTextField(JSON.stringify(value));
}

/** A timestamptz field of epoch milliseconds, as ISO 8601 (pure). */
export function copyTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? '\\N' : new Date(ms).toISOString();
}

/** One COPY line of already encoded fields, newline included (pure). */
export function copyLine(fields: readonly string[]): string {
  return `${fields.join('\t')}\n`;
}
