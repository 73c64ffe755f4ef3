/**
 * `npm run api:compat` (part of `npm run lint`): compares each service's OpenAPI document with its last
 * released one (`docs/api/released/`) and exits 1 listing every breaking change to a versioned operation,
 * with the operation and the JSON pointer in the released document.
 */
import { relative } from 'node:path';
import { currentDocuments, lastReleased } from './apiContract';
import { findBreakingChanges } from './findBreakingChanges';

function main(): number {
  let failures = 0;
  for (const [service, current] of Object.entries(currentDocuments())) {
    const released = lastReleased(service);
    if (!released) {
      console.error(`${service}: no released contract in docs/api/released (run npm run api:release)`);
      failures++;
      continue;
    }
    const changes = findBreakingChanges(released.document, current);
    const against = relative(process.cwd(), released.file);
    if (!changes.length) {
      console.log(`${service}: compatible with ${against}`);
      continue;
    }
    console.error(`${service}: ${changes.length} breaking change(s) against ${against}:`);
    for (const c of changes) console.error(`  ${c.operation}  ${c.pointer}\n    ${c.message}`);
    failures += changes.length;
  }
  if (failures) {
    console.error('A breaking change ships under a new version prefix (/v2/…), with the old operation marked deprecated: true (docs/architecture.md, "API versioning").');
  }
  return failures ? 1 : 0;
}

process.exit(main());
