/**
 * Renders every topic table from the topic catalog (the single source, packages/kafka/src/topicCatalog.ts):
 * strimzi/topics/*.yaml (KafkaTopic, Strimzi v1), the kafka-init script of compose.yaml and the expected
 * table of tools/checkInfra.sh (see tools/infra/topicTargets.ts).
 * `npm run gen:strimzi` writes; `npm run gen:strimzi -- --check` exits 1 when a file is stale.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCatalog } from '@conveyor/kafka';
import {
  renderCheckInfraTopicLines,
  renderComposeTopicLines,
  renderStrimziTopic,
  renderTopicKustomization,
  replaceGeneratedBlock,
} from './infra/topicTargets';

const root = join(__dirname, '..');
const dir = join(root, 'strimzi', 'topics');
const catalog = resolveCatalog();
const read = (p: string) => readFileSync(p, 'utf8');
const compose = join(root, 'compose.yaml');
const checkInfra = join(root, 'tools', 'checkInfra.sh');

const all: (readonly [string, string])[] = [
  ...catalog.map((spec) => [join(dir, `${spec.name}.yaml`), renderStrimziTopic(spec)] as const),
  [join(dir, 'kustomization.yaml'), renderTopicKustomization(catalog)],
  [compose, replaceGeneratedBlock(read(compose), renderComposeTopicLines(catalog))],
  [checkInfra, replaceGeneratedBlock(read(checkInfra), renderCheckInfraTopicLines(catalog))],
];

if (process.argv.includes('--check')) {
  const stale = all.filter(([p, text]) => !existsSync(p) || read(p) !== text).map(([p]) => p);
  if (stale.length) {
    console.error(`stale topic tables, run npm run gen:strimzi: ${stale.join(', ')}`);
    process.exit(1);
  }
} else {
  for (const [p, text] of all) writeFileSync(p, text);
  console.log(`wrote ${all.length} files (strimzi/topics/, compose.yaml kafka-init, tools/checkInfra.sh)`);
}
