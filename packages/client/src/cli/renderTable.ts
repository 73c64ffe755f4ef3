/** A column of a table: its heading and how to read a cell from a row. */
export interface Column<T> {
  heading: string;
  cell: (row: T) => unknown;
  /** Cells longer than this are cut with `…` (default 60 characters). */
  max?: number;
}

/** A cell as text: empty for null and undefined, JSON for objects, a long one cut with `…` (pure). */
export function cellText(value: unknown, max = 60): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, Math.max(1, max - 1))}…` : oneLine;
}

/**
 * Rows as an aligned plain-text table (pure): headings in capitals, two spaces between columns, no
 * trailing spaces; `(none)` when there are no rows.
 */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((c) => cellText(c.cell(row), c.max)));
  const headings = columns.map((c) => c.heading.toUpperCase());
  const widths = headings.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(headings), ...cells.map(line)].join('\n');
}

/** Label–value pairs, one per line with the values aligned (pure); null and undefined values are left out. */
export function renderFields(fields: ReadonlyArray<[string, unknown]>): string {
  const shown = fields.filter(([, v]) => v !== null && v !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${cellText(v, 200)}`).join('\n');
}
