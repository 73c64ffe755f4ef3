import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runtimeFiles } from './runtimeFiles';

const root = join(__dirname, '..', '..');

// The build checks the same when it bundles; this catches a moved file or path in `npm run test:unit`.
describe('runtimeFiles', () => {
  it.each(runtimeFiles.map((r) => [r.readBy, r]))('%s still reads its files where the bundle ships them', (_name, row) => {
    expect(readFileSync(join(root, row.readBy), 'utf8')).toContain(row.expression);
    expect(existsSync(join(root, row.from))).toBe(true);
  });
});
