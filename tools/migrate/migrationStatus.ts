/** One row of `npm run migrate -- status`. Public. */
export interface MigrationRow {
  name: string;
  /** When it was applied; null: pending. */
  appliedAt: Date | null;
  /** Applied in the database but no longer in the migrations folder (another branch or clone). */
  missingFile: boolean;
}

/**
 * Joins the migration files with the database's `schema_migrations` rows (pure): every file in
 * name order, applied or pending, then rows whose file is gone. Public.
 */
export function migrationStatus(files: string[], applied: Array<{ name: string; appliedAt: Date }>): MigrationRow[] {
  const byName = new Map(applied.map((row) => [row.name, row.appliedAt]));
  const known = [...files].sort().map((name) => ({ name, appliedAt: byName.get(name) ?? null, missingFile: false }));
  const orphans = applied.filter((row) => !files.includes(row.name)).map((row) => ({ name: row.name, appliedAt: row.appliedAt, missingFile: true }));
  return [...known, ...orphans.sort((a, b) => a.name.localeCompare(b.name))];
}

/** The rows as an aligned table with a summary line. Public. */
export function renderMigrationStatus(rows: MigrationRow[]): string {
  const width = Math.max(9, ...rows.map((row) => row.name.length));
  const lines = rows.map((row) => `${row.name.padEnd(width)}  ${row.missingFile ? 'applied, file missing' : row.appliedAt ? 'applied' : 'pending'}${row.appliedAt ? `  ${row.appliedAt.toISOString()}` : ''}`);
  const pending = rows.filter((row) => !row.appliedAt).length;
  return [`${'migration'.padEnd(width)}  state`, ...lines, '', pending ? `${pending} pending: \`npm run migrate -- up\` (or start the processors) applies them` : 'all applied'].join('\n');
}
