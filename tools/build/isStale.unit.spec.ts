import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStale, newestMtime } from './isStale';

describe('isStale', () => {
  let dir: string;
  const write = (path: string, seconds: number) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), path);
    utimesSync(join(dir, path), seconds, seconds);
  };
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'isStale-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is stale when the output is missing', () => {
    write('src/a.ts', 1000);
    expect(isStale(join(dir, 'dist/main.js'), [join(dir, 'src')])).toBe(true);
  });

  it('is stale when any input is newer than the output, fresh otherwise', () => {
    write('src/a.ts', 1000);
    write('src/deep/b.ts', 1500);
    write('dist/main.js', 2000);
    expect(isStale(join(dir, 'dist/main.js'), [join(dir, 'src')])).toBe(false);
    write('src/deep/b.ts', 2500);
    expect(isStale(join(dir, 'dist/main.js'), [join(dir, 'src')])).toBe(true);
  });

  it('skips node_modules and dist folders and paths that do not exist', () => {
    write('pkg/src/a.ts', 1000);
    write('pkg/node_modules/x/index.js', 9000);
    write('pkg/dist/main.js', 9000);
    expect(newestMtime([join(dir, 'pkg'), join(dir, 'missing')])).toBe(1_000_000);
  });
});
