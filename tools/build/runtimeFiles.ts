/**
 * Files that bundled code reads from disk at run time, so they ship beside the bundle (internal).
 *
 * The bundle is `dist/lib/main.js`, one folder below the service's `dist/`: a module that resolves
 * a path from its own `__dirname` sees the bundle's folder instead, so `join(__dirname, '..', x)`
 * lands on `dist/x`, where the file is copied. `expression` is the path as the module writes it: the
 * build stops when the module no longer contains it, rather than shipping a bundle that cannot find
 * its files.
 */
export interface RuntimeFiles {
  /** The module that reads the files, relative to the repository root. */
  readBy: string;
  /** The path expression in `readBy` that the layout of `dist/` satisfies. */
  expression: string;
  /** The folder copied, relative to the repository root. */
  from: string;
  /** Where it goes, relative to the service's `dist/`. */
  to: string;
}

export const runtimeFiles: readonly RuntimeFiles[] = [
  {
    readBy: 'packages/read-model/src/migrate.ts',
    expression: "join(__dirname, '..', 'migrations')",
    from: 'packages/read-model/migrations',
    to: 'migrations',
  },
];
