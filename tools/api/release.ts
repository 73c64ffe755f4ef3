/**
 * `npm run api:release`: snapshots each service's OpenAPI document as released, into
 * `docs/api/released/<service>.v<major>.json` (major of `info.version`); run it when a release is cut and
 * commit the files. `npm run api:release -- --check` exits 1 when a snapshot differs from the code (the
 * release workflow runs it on the tag).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { currentDocuments, majorVersion, releasedDir, releasedFile, snapshotText } from './apiContract';

function main(): number {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [service, document] of Object.entries(currentDocuments())) {
    const file = releasedFile(service, majorVersion(document));
    const text = snapshotText(document);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(relative(process.cwd(), file));
      continue;
    }
    mkdirSync(releasedDir, { recursive: true });
    writeFileSync(file, text);
    console.log(`wrote ${relative(process.cwd(), file)}`);
  }
  if (stale.length) {
    console.error(`the released API contract is not the code's: ${stale.join(', ')}; run npm run api:release and commit it with the release`);
    return 1;
  }
  return 0;
}

process.exit(main());
